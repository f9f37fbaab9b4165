package io.playbatch;

import io.playbatch.cli.PlaybatchCli;
import io.playbatch.database.DatabaseConfiguration;
import io.playbatch.runtime.BatchConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * Playbatch: operators write YAML playbooks, the compiler turns each into a Spring Batch job, and
 * this application runs them on PostgreSQL with an event ledger and a work queue. {@code main} is
 * the command line ({@link PlaybatchCli}); each command that needs the database starts this
 * Spring application.
 *
 * <p>It is one application of the Playbatch starter (docs/spring.md): the starter's auto-configuration
 * brings Playbatch's components, and this application adds what only it has, its own database (embedded
 * PostgreSQL unless {@code playbatch.db.url} is set, migrated at start) and its own Spring Batch
 * configuration on it, and turns on its workers and front doors ({@link StandaloneDefaults}).
 */
@SpringBootApplication(proxyBeanMethods = false, scanBasePackages = "io.playbatch.cli")
@Import({ DatabaseConfiguration.class, BatchConfiguration.class })
public class PlaybatchApplication {

    public static void main(String[] args) {
        System.exit(PlaybatchCli.execute(args));
    }
}
