package io.playbatch.testsupport;

import io.playbatch.database.SchemaMigrator;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/** One isolated test database: its JDBC coordinates, a data source, and the Spring properties that select it. */
public record TestDatabase(String url, String user, String password) {

    public DataSource dataSource() {
        return new DriverManagerDataSource(url, user, password == null ? "" : password);
    }

    public TestDatabase migrated() {
        new SchemaMigrator(dataSource()).update();
        return this;
    }

    /** Points a Spring test context at this database. */
    public void register(DynamicPropertyRegistry registry) {
        springProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    /**
     * The properties that select this database. The Quartz scheduler gets a name of its own because
     * Spring's Quartz job store registers its DataSource JVM-wide under the scheduler's name: test
     * contexts that share a JVM (and Spring's context cache) must not share one.
     */
    public Map<String, String> springProperties() {
        String scheduler = "playbatch-test-" + Integer.toUnsignedString(url.hashCode(), 36);
        return password == null
                ? Map.of("playbatch.db.url", url, "playbatch.db.user", user, "spring.quartz.scheduler-name", scheduler)
                : Map.of("playbatch.db.url", url, "playbatch.db.user", user, "playbatch.db.password", password,
                        "spring.quartz.scheduler-name", scheduler);
    }
}
