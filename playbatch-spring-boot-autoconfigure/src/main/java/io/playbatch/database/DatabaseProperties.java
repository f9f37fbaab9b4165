package io.playbatch.database;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Playbatch keeps its data: an external PostgreSQL when {@code url} is set
 * ({@code PLAYBATCH_DB_URL}, {@code --db-url}), otherwise an embedded PostgreSQL whose files live
 * in {@code dataDir} ({@code PLAYBATCH_DATA_DIR}, {@code --data-dir}, default
 * {@code ~/.playbatch/pgdata}).
 *
 * @param migrateOnStart apply the Liquibase changelog before the data source is handed out
 * @param outageTolerance how long the database may stay unreachable before the process gives up
 *        with exit 3 (default 2 minutes; docs/database.md#outages)
 */
@ConfigurationProperties("playbatch.db")
public record DatabaseProperties(String url, String user, String password, Path dataDir, Boolean migrateOnStart,
        Duration outageTolerance) {

    public DatabaseProperties {
        if (dataDir == null) {
            dataDir = Path.of(System.getProperty("user.home"), ".playbatch", "pgdata");
        }
        if (migrateOnStart == null) {
            migrateOnStart = Boolean.TRUE;
        }
        if (outageTolerance == null) {
            outageTolerance = Duration.ofMinutes(2);
        }
    }

    public boolean external() {
        return url != null && !url.isBlank();
    }
}
