package io.playbatch.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Applies or rolls back Playbatch's Liquibase changelog ({@code db/changelog/db.changelog-master.yaml},
 * shipped in the {@code playbatch-liquibase} jar). Liquibase's own lock table serialises concurrent
 * migrations from several processes.
 */
public final class SchemaMigrator {

    public static final String MASTER_CHANGELOG = "db/changelog/db.changelog-master.yaml";

    private final DataSource dataSource;

    public SchemaMigrator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Applies every changeset not applied yet. When the database has recorded every changeset of the
     * changelog already (the usual case for a short command), this is one query and Liquibase is not started.
     */
    public void update() {
        if (current()) {
            return;
        }
        // The summary goes to the log, not stdout: the CLI's --json output must stay clean.
        run(UpdateCommandStep.COMMAND_NAME,
                Map.of(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT.getName(), UpdateSummaryOutputEnum.LOG));
    }

    /**
     * Whether {@code databasechangelog} holds every changeset of the changelog. Any doubt (no table yet, a
     * changelog this reader cannot list) answers false, and Liquibase then decides as always. A database
     * that gives no connection is no doubt: it fails here, as Liquibase would, rather than after a second
     * wait of the pool's connection timeout (a wrong password answered in 5 s instead of 10).
     *
     * @throws DatabaseUnavailableException when no connection can be had
     */
    boolean current() {
        Set<String> expected;
        try {
            expected = ChangelogInventory.changesets(SchemaMigrator.class.getClassLoader(), MASTER_CHANGELOG);
        } catch (RuntimeException e) {
            return false;
        }
        Set<String> applied = new HashSet<>();
        Connection opened;
        try {
            opened = dataSource.getConnection();
        } catch (SQLException e) {
            throw DatabaseUnavailableException.cannotConnect(dataSource, e);
        }
        try (Connection connection = opened; Statement statement = connection.createStatement()) {
            // A new database has no databasechangelog yet: ask first rather than fail a query (PostgreSQL logs those).
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('databasechangelog') IS NOT NULL")) {
                if (!exists.next() || !exists.getBoolean(1)) {
                    return false;
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT author, id FROM databasechangelog")) {
                while (rows.next()) {
                    applied.add(rows.getString(1) + ":" + rows.getString(2));
                }
            }
        } catch (SQLException e) {
            return false;
        }
        return !expected.isEmpty() && applied.containsAll(expected);
    }

    /** Rolls back the last {@code count} applied changesets, newest first. */
    public void rollback(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("--rollback-count must be at least 1, got " + count);
        }
        run(RollbackCountCommandStep.COMMAND_NAME, Map.of(RollbackCountCommandStep.COUNT_ARG.getName(), count));
    }

    private void run(String[] command, Map<String, Object> arguments) {
        Map<String, Object> scope = Map.of(
                Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(SchemaMigrator.class.getClassLoader()),
                Scope.Attr.ui.name(), new LoggerUIService(),
                // Liquibase would otherwise try to send usage analytics, and this machine may have no network.
                "liquibase.analytics.enabled", false);
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Scope.child(scope, () -> {
                CommandScope commandScope = new CommandScope(command)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, MASTER_CHANGELOG);
                arguments.forEach(commandScope::addArgumentValue);
                commandScope.execute();
            });
        } catch (SQLException e) {
            throw DatabaseUnavailableException.cannotConnect(dataSource, e);
        } catch (LiquibaseException e) {
            throw new SchemaMigrationException(e);
        } catch (Exception e) {
            throw new SchemaMigrationException(e);
        }
    }

    /** A changeset failed to apply or roll back; the message names it. */
    public static class SchemaMigrationException extends RuntimeException {
        SchemaMigrationException(Throwable cause) {
            super("Schema migration failed: " + cause.getMessage(), cause);
        }
    }
}
