package io.playbatch.cli;

import io.playbatch.connections.DriverLibrary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the data is: flags that override the environment. {@code PLAYBATCH_DB_URL},
 * {@code PLAYBATCH_DB_USER} and {@code PLAYBATCH_DB_PASSWORD} reach Spring by relaxed binding;
 * {@code PLAYBATCH_DATA_DIR} would bind to a property of another name, so it is the flag's default.
 * <p>
 * The root command and {@code schedule} mix these options in too, so they are accepted before the
 * subcommand ({@code playbatch --data-dir DIR list}); a command's own value wins over its parents'.
 */
public class DatabaseOptions {

    private static final String DATA_DIR = "playbatch.db.data-dir";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

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

    @Option(names = "--lib", paramLabel = "DIR", description = "Directory of extra JDBC driver jars for named"
            + " connections (or PLAYBATCH_LIB; default ~/.playbatch/lib when it exists).")
    Path lib;

    @Option(names = {"-v", "--verbose"}, description = "Log what the application does (INFO level).")
    boolean verbose;

    /** The Spring properties of these options, over those given to the parent commands. */
    Map<String, Object> springProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        CommandSpec parent = mixee == null ? null : mixee.parent();
        if (parent != null) {
            parent.mixins().values().stream().map(CommandSpec::userObject)
                    .filter(DatabaseOptions.class::isInstance).map(DatabaseOptions.class::cast)
                    .findFirst().ifPresent(given -> properties.putAll(given.springProperties()));
        }
        Map<String, Object> own = ownProperties();
        if (properties.containsKey(DATA_DIR) && !given("--data-dir")) {
            own.remove(DATA_DIR); // a flag before the subcommand beats PLAYBATCH_DATA_DIR, the default here
        }
        properties.putAll(own);
        return properties;
    }

    private boolean given(String option) {
        CommandLine command = mixee == null ? null : mixee.commandLine();
        return command != null && command.getParseResult() != null && command.getParseResult().hasMatchedOption(option);
    }

    /** Whether --verbose was given to this command or a parent. */
    boolean verbose() {
        return Objects.equals(springProperties().get("logging.level.root"), "INFO");
    }

    private Map<String, Object> ownProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (dataDir != null) {
            properties.put(DATA_DIR, dataDir.toAbsolutePath().toString());
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
        if (lib != null) {
            properties.put(DriverLibrary.PROPERTY, lib.toAbsolutePath().toString());
        }
        if (verbose) {
            properties.put("logging.level.root", "INFO");
        }
        return properties;
    }
}
