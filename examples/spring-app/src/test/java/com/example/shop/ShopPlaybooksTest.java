package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.playbatch.connections.ConnectionRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shop's playbooks are jobs of the shop application: registered with its {@link JobRegistry}, started by
 * its {@link JobOperator}, recorded by its {@link JobRepository} on its own PostgreSQL (an embedded one here),
 * priced by its own {@link OrderPricing} bean, writing to its tables and to the DuckDB warehouse.
 */
@SpringBootTest
class ShopPlaybooksTest {

    @TempDir
    static Path warehouse;

    @DynamicPropertySource
    static void warehouse(DynamicPropertyRegistry registry) {
        registry.add("shop.warehouse-dir", () -> warehouse.toString());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Database {

        @Bean(destroyMethod = "close")
        EmbeddedPostgres embeddedPostgres() throws IOException {
            return EmbeddedPostgres.start();
        }

        @Bean
        DataSource dataSource(EmbeddedPostgres postgres) {
            return postgres.getPostgresDatabase();
        }
    }

    @Autowired
    JobRegistry jobRegistry;

    @Autowired
    JobOperator jobOperator;

    @Autowired
    JobRepository jobRepository;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConnectionRegistry connections;

    @Autowired
    ApplicationContext context;

    @Test
    void playbooksAreJobsOfTheApplication() {
        assertThat(jobRegistry.getJobNames()).contains("price_orders", "invoice_orders");
    }

    @Test
    void frontDoorsAreOffUnlessTheApplicationTurnsThemOn() {
        assertThat(context.getBeanDefinitionNames()).extracting(name -> String.valueOf(context.getType(name)))
                .as("the worker this application turned on").anyMatch(type -> type.endsWith("io.playbatch.worker.QueueWorker"))
                .noneMatch(type -> type.matches(".*io\\.playbatch\\.(api|web|access|mcp\\.server)\\..*"));
    }

    @Test
    void invoicePlaybookPricesPaidOrdersWithTheShopsBeanIntoTheShopsTable() throws Exception {
        jdbc.update("insert into shop_order values (101, 'ada', 1000, 'PAID'), (102, 'bob', 0, 'PAID'),"
                + " (103, 'cy', 500, 'NEW')");

        JobExecution run = jobOperator.startNextInstance(jobRegistry.getJob("invoice_orders"));

        JobExecution recorded = jobRepository.getJobExecution(run.getId());
        assertThat(recorded.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        StepExecution invoice = step(recorded, "invoice");
        assertThat(invoice.getReadCount()).isEqualTo(2);
        assertThat(invoice.getFilterCount()).as("the zero order, filtered by the bean").isEqualTo(1);
        assertThat(invoice.getWriteCount()).isEqualTo(1);
        assertThat(jdbc.queryForList("select order_id, customer, total_cents from invoice where order_id < 200"))
                .containsExactly(Map.of("order_id", 101L, "customer", "ada", "total_cents", 1200L));
        assertThat(jdbc.queryForObject("select playbook_path from execution where execution_id = ?", String.class,
                run.getId())).as("the run in Playbatch's ledger").isEqualTo("invoice_orders");
    }

    @Test
    void aStartWithoutARunIdIsRefusedWithTheWayToStartIt() {
        Job invoicing = jobRegistry.getJob("invoice_orders");

        assertThatExceptionOfType(InvalidJobParametersException.class)
                .isThrownBy(() -> invoicing.getJobParametersValidator().validate(new JobParameters()))
                .withMessageContaining("run_id").withMessageContaining("startNextInstance");
        assertThat(invoicing.getJobParametersIncrementer().getNext(null).getLong("run_id"))
                .as("a fresh run id for each start").isNotEqualTo(
                        invoicing.getJobParametersIncrementer().getNext(null).getLong("run_id"));
    }

    @Test
    void pricePlaybookWritesNewOrdersToTheDuckDbWarehouse() throws Exception {
        jdbc.update("insert into shop_order values (201, 'dee', 2000, 'NEW'), (202, 'eve', 300, 'NEW')");

        JobExecution run = jobOperator.startNextInstance(jobRegistry.getJob("price_orders"));

        assertThat(jobRepository.getJobExecution(run.getId()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        JdbcTemplate duckdb = new JdbcTemplate(connections.connection("warehouse").dataSource());
        assertThat(duckdb.queryForList("select order_id, total_cents from priced_order where order_id > 200"
                + " order by order_id")).containsExactly(
                        Map.of("order_id", 201L, "total_cents", 2400L),
                        Map.of("order_id", 202L, "total_cents", 360L));
    }

    private static StepExecution step(JobExecution execution, String name) {
        return execution.getStepExecutions().stream().filter(step -> step.getStepName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + execution.getStepExecutions()));
    }
}
