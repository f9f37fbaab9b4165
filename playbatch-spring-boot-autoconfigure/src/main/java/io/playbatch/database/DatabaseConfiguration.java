package io.playbatch.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one {@link DataSource} of the application: an external PostgreSQL, or the embedded one.
 * The data source is migrated (Liquibase) before any other bean can use it, unless
 * {@code playbatch.db.migrate-on-start=false} (the {@code migrate} command manages it itself).
 * Transactions, {@code JdbcTemplate} and {@code NamedParameterJdbcTemplate} ride out database
 * outages ({@link DatabaseOutage}, docs/database.md#outages).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
public class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(DatabaseProperties properties,
            ObjectProvider<EarlyEmbeddedServer> early) {
        if (properties.external()) {
            return null;
        }
        EarlyEmbeddedServer begun = early.getIfAvailable();
        return begun != null ? begun.take(properties.dataDir()) : EmbeddedPostgresServer.startOrAttach(properties.dataDir());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties,
            ObjectProvider<EmbeddedPostgresServer> embedded) {
        HikariConfig config = new HikariConfig();
        if (properties.external()) {
            config.setJdbcUrl(properties.url());
            config.setUsername(properties.user());
            config.setPassword(properties.password());
        } else {
            EmbeddedPostgresServer server = embedded.getObject();
            config.setJdbcUrl(server.jdbcUrl());
            config.setUsername(server.user());
        }
        config.setPoolName("playbatch");
        config.setMaximumPoolSize(20);
        // Idle processes (a second CLI command, a quiet server) should not hold 20 connections each.
        config.setMinimumIdle(2);
        config.setInitializationFailTimeout(-1);
        // Outages: a connection that cannot be had within 5 s fails transiently and DatabaseOutage retries it
        // (with its backoff, up to the tolerance), rather than one caller waiting long; validation stays
        // well inside that, and idle connections are checked every 30 s so a terminated one is replaced
        // before a caller gets it.
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setKeepaliveTime(30_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        if (properties.migrateOnStart()) {
            new SchemaMigrator(dataSource).update();
        }
        return dataSource;
    }

    @Bean
    OutageExit outageExit() {
        return new ProcessOutageExit();
    }

    @Bean
    DatabaseOutage databaseOutage(DatabaseProperties properties, OutageExit exit,
            ObjectProvider<ExecutionsInHand> executionsInHand) {
        return DatabaseOutage.of(properties.outageTolerance(), exit, executionsInHand);
    }

    @Bean
    OutageTolerantTransactionManager transactionManager(DataSource dataSource, DatabaseOutage outage) {
        return new OutageTolerantTransactionManager(dataSource, outage);
    }

    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new OutageTolerantTransactionTemplate(transactionManager);
    }

    /** Each call outside a transaction is a transaction of its own, retried through an outage. */
    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource, PlatformTransactionManager transactionManager) {
        return OutageTolerantInvocations.ownTransactions(new JdbcTemplate(dataSource), JdbcTemplate.class, transactionManager);
    }

    @Bean
    NamedParameterJdbcTemplate namedParameterJdbcTemplate(JdbcTemplate jdbcTemplate) {
        return new NamedParameterJdbcTemplate(jdbcTemplate);
    }
}
