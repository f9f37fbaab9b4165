package io.playbatch.autoconfigure;

import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.database.DatabaseConfiguration;
import io.playbatch.database.DatabaseOutage;
import io.playbatch.database.DatabaseProperties;
import io.playbatch.database.ExecutionsInHand;
import io.playbatch.database.OutageExit;
import io.playbatch.runtime.BatchConfiguration;
import io.playbatch.runtime.PlaybookLauncher;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * Playbatch in a Spring Boot application (docs/spring.md): the runtime, ledger, queue, catalog, connections
 * and beans on the application's {@code DataSource}, transaction manager and Spring Batch
 * ({@code JobRepository}, {@code JobOperator}, {@code JobRegistry}), and the playbooks under
 * {@code playbatch.playbooks.locations} registered as jobs. The front doors are opt-in, each with its own
 * property: {@code playbatch.api.enabled}, {@code playbatch.console.enabled},
 * {@code playbatch.mcp.server.enabled}; so are the queue workers ({@code playbatch.worker.enabled}).
 * The standalone application ({@code batch-app}) is one such application: it brings its own
 * {@code DataSource} (embedded PostgreSQL) and Spring Batch configuration, and turns on what it serves.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
@ConditionalOnProperty(prefix = "playbatch", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({ DatabaseProperties.class, PlaybooksProperties.class })
@Import({ PlaybatchAutoConfiguration.Core.class, PlaybatchAutoConfiguration.RestApi.class,
        PlaybatchAutoConfiguration.Console.class, PlaybatchAutoConfiguration.McpServer.class })
public class PlaybatchAutoConfiguration {

    /** A host keeps its process through an outage; the standalone application declares its own exit. */
    @Bean
    @ConditionalOnMissingBean
    OutageExit outageExit() {
        return new HostOutageExit();
    }

    /** Only an application without Playbatch's own database gets here: the standalone one declares its own. */
    @Bean
    @ConditionalOnMissingBean
    DatabaseOutage databaseOutage(DatabaseProperties properties, OutageExit exit,
            ObjectProvider<ExecutionsInHand> executionsInHand) {
        requireApplicationDatabase(properties);
        return DatabaseOutage.of(properties.outageTolerance(), exit, executionsInHand);
    }

    /** A {@code playbatch.db.url} would be silently ignored in an application: say so at start instead. */
    static void requireApplicationDatabase(DatabaseProperties properties) {
        if (properties.external()) {
            throw new IllegalStateException("playbatch.db.url is set, but in a Spring Boot application Playbatch runs "
                    + "on the application's own DataSource; configure that one (spring.datasource.*) and remove "
                    + "playbatch.db.url, .user and .password (docs/spring.md)");
        }
    }

    /**
     * Spring Batch 6 needs no {@link JobRegistry} bean (its job operator keeps a private one of the job
     * beans), but a playbook's job exists only once compiled; with this bean, the job operator that
     * {@code DefaultBatchConfiguration} builds finds the playbooks' jobs by name as well.
     */
    @Bean
    @ConditionalOnMissingBean(JobRegistry.class)
    MapJobRegistry jobRegistry() {
        return new MapJobRegistry();
    }

    @Bean
    PlaybookJobRegistrar playbookJobRegistrar(PlaybooksProperties properties, ApplicationContext context,
            PlaybookCompiler compiler, PlaybookLauncher launcher, JobRegistry registry) {
        return new PlaybookJobRegistrar(properties, context, compiler, launcher, registry);
    }

    /**
     * Every component of Playbatch but the front doors, the command line and what only the standalone
     * application declares (its database and its Spring Batch configuration). Each scan leaves out what
     * Boot's {@link TypeExcludeFilter} does, as {@code @SpringBootApplication}'s own scan would: a test's
     * {@code @TestConfiguration} is imported by the test that wants it, not found by every context.
     */
    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackages = "io.playbatch", excludeFilters = {
            @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
            @Filter(type = FilterType.REGEX, pattern = "io\\.playbatch\\.(cli|autoconfigure|api|web|access|mcp\\.server)\\..*"),
            @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = { DatabaseConfiguration.class, BatchConfiguration.class }) })
    static class Core {
    }

    /** The REST API (docs/api.md), off unless {@code playbatch.api.enabled=true}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "playbatch.api", name = "enabled", havingValue = "true")
    @ComponentScan(basePackages = { "io.playbatch.api", "io.playbatch.access" },
            excludeFilters = @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
    static class RestApi {
    }

    /** The web console (docs/web.md), off unless {@code playbatch.console.enabled=true}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "playbatch.console", name = "enabled", havingValue = "true")
    @ComponentScan(basePackages = { "io.playbatch.web", "io.playbatch.access" },
            excludeFilters = @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
    static class Console {
    }

    /** Playbatch's own MCP server (docs/mcp.md), off unless {@code playbatch.mcp.server.enabled=true}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "playbatch.mcp.server", name = "enabled", havingValue = "true")
    @ComponentScan(basePackages = { "io.playbatch.mcp.server", "io.playbatch.access" },
            excludeFilters = @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class))
    static class McpServer {
    }
}
