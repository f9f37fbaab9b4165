package io.playbatch.autoconfigure;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.playbatch.database.DatabaseProperties;
import org.junit.jupiter.api.Test;

/** What an application of the starter is told about settings that belong to the standalone application. */
class PlaybatchAutoConfigurationTest {

    @Test
    void aPlaybatchDatabaseUrlInAnApplicationStopsItsStartPointingToItsOwnDataSource() {
        DatabaseProperties own = new DatabaseProperties("jdbc:postgresql://db/playbatch", "pb", null, null, null, null);

        assertThatIllegalStateException().isThrownBy(() -> PlaybatchAutoConfiguration.requireApplicationDatabase(own))
                .withMessageContaining("playbatch.db.url").withMessageContaining("spring.datasource");
    }

    @Test
    void anApplicationWithoutPlaybatchDatabaseSettingsStarts() {
        DatabaseProperties none = new DatabaseProperties(null, null, null, null, null, null);

        assertThatCode(() -> PlaybatchAutoConfiguration.requireApplicationDatabase(none)).doesNotThrowAnyException();
    }
}
