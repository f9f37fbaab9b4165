package io.playbatch.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@link PlaybookRunTest} whose application context gets a new database when it is created.
 * Spring caches contexts by configuration, so the classes that extend this one with the same
 * {@code @SpringBootTest} properties share one context and its database, booted once: their tests
 * must not assume the database holds only their own runs. A class that needs a database to itself
 * declares its own {@code @DynamicPropertySource} and extends {@link PlaybookRunTest} instead.
 */
public abstract class DatabaseRunTest extends PlaybookRunTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }
}
