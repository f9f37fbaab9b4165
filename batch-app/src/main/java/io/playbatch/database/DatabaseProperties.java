package io.playbatch.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Playbatch keeps its data: an external PostgreSQL when {@code url} is set
 * ({@code PLAYBATCH_DB_URL}, {@code --db-url}), otherwise an embedded PostgreSQL whose files live
 * in {@code dataDir} ({@code PLAYBATCH_DATA_DIR}, {@code --data-dir}, default
 * {@code ~/.playbatch/pgdata}).
 *
 * @param migrateOnStart apply the Liquibase changelog before the data source is handed out
 */
@ConfigurationProperties("playbatch.db")
public record DatabaseProperties(String url, String user, String password, Path dataDir, Boolean migrateOnStart) {

    public DatabaseProperties {
        if (dataDir == null) {
            dataDir = Path.of(System.getProperty("user.home"), ".playbatch", "pgdata");
        }
        if (migrateOnStart == null) {
            migrateOnStart = Boolean.TRUE;
        }
    }

    public boolean external() {
        return url != null && !url.isBlank();
    }
}
