package io.playbatch.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the data is: flags that override the environment. {@code PLAYBATCH_DB_URL},
 * {@code PLAYBATCH_DB_USER} and {@code PLAYBATCH_DB_PASSWORD} reach Spring by relaxed binding;
 * {@code PLAYBATCH_DATA_DIR} would bind to a property of another name, so it is the flag's default.
 */
public class DatabaseOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:PLAYBATCH_DATA_DIR}",
            description = "Directory of the embedded PostgreSQL (default ~/.playbatch/pgdata, or PLAYBATCH_DATA_DIR).")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "External PostgreSQL, e.g. jdbc:postgresql://host:5432/playbatch (or PLAYBATCH_DB_URL).")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "User for --db-url (or PLAYBATCH_DB_USER).")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            description = "Password for --db-url (or PLAYBATCH_DB_PASSWORD).")
    String password;

    @Option(names = {"-v", "--verbose"}, description = "Log what the application does (INFO level).")
    boolean verbose;

    Map<String, Object> springProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (dataDir != null) {
            properties.put("playbatch.db.data-dir", dataDir.toAbsolutePath().toString());
        }
        if (url != null) {
            properties.put("playbatch.db.url", url);
        }
        if (user != null) {
            properties.put("playbatch.db.user", user);
        }
        if (password != null) {
            properties.put("playbatch.db.password", password);
        }
        if (verbose) {
            properties.put("logging.level.root", "INFO");
        }
        return properties;
    }
}
