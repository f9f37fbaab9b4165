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

    public Map<String, String> springProperties() {
        return password == null
                ? Map.of("playbatch.db.url", url, "playbatch.db.user", user)
                : Map.of("playbatch.db.url", url, "playbatch.db.user", user, "playbatch.db.password", password);
    }
}
