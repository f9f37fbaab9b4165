package io.playbatch.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** Driver jars of a lib directory: SQLite's, which is not on the test classpath (the build copies it to target/test-lib). */
class DriverLibraryTest {

    static final Path TEST_LIB = Path.of("target/test-lib");

    @TempDir
    Path dir;

    @Test
    void aDriverJarOfTheLibDirectoryOpensConnectionsOnceRegistered() throws Exception {
        assertThat(DriverLibraryTest.class.getClassLoader().getResource("org/sqlite/JDBC.class"))
                .as("the premise: SQLite's driver is not on the classpath").isNull();

        List<String> registered = new DriverLibrary(List.of(TEST_LIB)).register();
        List<String> again = new DriverLibrary(List.of(TEST_LIB)).register();

        assertThat(registered).singleElement().asString().startsWith("org.sqlite.JDBC from ");
        assertThat(again).as("a jar is registered once").isEmpty();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lite.db"))) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("SQLite");
        }
    }

    @Test
    void theDirectoryComesFromPlaybatchLibAndAMissingOneIsNamed() {
        MockEnvironment environment = new MockEnvironment().withProperty(DriverLibrary.PROPERTY,
                dir.resolve("nowhere") + ", " + dir);

        assertThatThrownBy(() -> DriverLibrary.from(environment).register())
                .isInstanceOf(InvalidConnectionSettingException.class)
                .hasMessageContaining("the lib directory " + dir.resolve("nowhere") + " (playbatch.lib, PLAYBATCH_LIB,"
                        + " --lib) does not exist");
        assertThat(DriverLibrary.from(new MockEnvironment().withProperty(DriverLibrary.PROPERTY, dir.toString()))
                .register()).as("an empty directory adds no driver").isEmpty();
    }
}
