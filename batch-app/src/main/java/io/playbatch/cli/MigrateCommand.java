package io.playbatch.cli;

import io.playbatch.database.SchemaMigrator;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch migrate}: applies the Liquibase changelog, or rolls back the last N changesets. */
@Command(name = "migrate", description = "Apply the database changelog (Liquibase), or roll back the last N changesets.")
class MigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rollback-count", paramLabel = "N",
            description = "Roll back the last N applied changesets instead of applying.")
    Integer rollbackCount;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        if (rollbackCount != null && rollbackCount < 1) {
            throw new UsageException("--rollback-count must be 1 or more, got " + rollbackCount);
        }
        try (ConfigurableApplicationContext context =
                ApplicationContexts.open(database, Map.of("playbatch.db.migrate-on-start", "false",
                        // A worker would lease from tables the migration is still creating or dropping.
                        "playbatch.worker.enabled", "false"))) {
            SchemaMigrator migrator = new SchemaMigrator(context.getBean(DataSource.class));
            if (rollbackCount == null) {
                migrator.update();
                spec.commandLine().getOut().println("Database is up to date.");
            } else {
                migrator.rollback(rollbackCount);
                spec.commandLine().getOut().println("Rolled back " + rollbackCount + " changeset"
                        + (rollbackCount == 1 ? "" : "s") + ".");
            }
        }
        return ExitCodes.OK;
    }
}
