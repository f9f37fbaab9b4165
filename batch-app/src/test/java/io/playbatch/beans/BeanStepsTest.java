package io.playbatch.beans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.RunSummary;
import io.playbatch.testsupport.DatabaseRunTest;
import io.playbatch.testsupport.PlaybookFiles;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Beans of the application in playbooks (docs/beans.md): a {@code Function} and a {@code Tasklet}
 * as {@code type: bean} steps, a step-scoped {@code ItemProcessor} in a chunk step that reads its
 * rendered args from the step's execution context, the lookup's allowlist and type check, and the
 * application's compiler checking bean names.
 */
@SpringBootTest(properties = {"playbatch.beans.allowed=greet,countCustomers,scoreOrders",
        "playbatch.beans.packages=com.example.hostbeans"})
class BeanStepsTest extends DatabaseRunTest {

    @TestConfiguration
    static class HostBeans {

        @Bean
        Function<Map<String, Object>, Object> greet() {
            return args -> Map.of("greeting", "hello " + args.get("name"), "args", args.keySet());
        }

        @Bean
        Tasklet countCustomers(JdbcTemplate jdbc) {
            return (contribution, chunk) -> {
                Long customers = jdbc.queryForObject("SELECT count(*) FROM customers", Long.class);
                jdbc.update("INSERT INTO audit (what) VALUES ('counted')");
                chunk.getStepContext().getStepExecution().getExecutionContext().put("playbatch.result",
                        Map.of("customers", customers));
                return RepeatStatus.FINISHED;
            };
        }

        @Bean
        @StepScope
        ItemProcessor<Map<String, Object>, Map<String, Object>> scoreOrders(
                @Value("#{stepExecutionContext['playbatch.processor.args']}") Map<String, Object> args) {
            BigDecimal factor = new BigDecimal(String.valueOf(args.get("factor")));
            return order -> {
                Map<String, Object> scored = new LinkedHashMap<>(order);
                scored.put("score", factor.multiply((BigDecimal) order.get("amount")));
                return scored;
            };
        }
    }

    @Autowired
    PlaybookCompiler compiler;

    @Autowired
    PlaybookBeans beans;

    @TempDir
    Path dir;

    private RunSummary run(String name, String workflow) throws Exception {
        String first = workflow.strip().split("\n")[0].replace("- step: ", "").strip();
        Path file = PlaybookFiles.write(dir, name, """
                workload: { who: operators, factor: 3 }
                workflow:
                  - step: start
                    next: [ %s ]
                %s""".formatted(first, workflow.stripIndent().indent(2)));
        return operations.start(file, Map.of());
    }

    private StoredEvent event(RunSummary run, EventType type, String step) {
        return ledger.events(run.executionId()).stream().filter(e -> e.type() == type && step.equals(e.nodeName()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " for " + step + ": " + run));
    }

    @Test
    void aFunctionBeanGetsTheRenderedArgsWithoutItsNameAndItsResultIsTheStepsData() throws Exception {
        RunSummary run = run("greeting", """
                - step: hello
                  type: bean
                  args: { bean: greet, name: "$workload.who" }
                """);

        assertThat(run.status()).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(event(run, EventType.STEP_COMPLETED, "hello").result()).asString()
                .contains("greeting=hello operators").contains("args=[name]");
    }

    @Test
    void aComponentOfAScannedPackageIsCallableWithoutBeingListed() throws Exception {
        RunSummary run = run("shouting", """
                - step: loud
                  type: bean
                  args: { bean: shout, text: "$workload.who" }
                """);

        assertThat(run.status()).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(event(run, EventType.STEP_COMPLETED, "loud").result()).asString().contains("OPERATORS");
    }

    @Test
    void aTaskletBeanRunsInTheStepsTransactionAndReportsWhatItPutUnderPlaybatchResult() throws Exception {
        jdbc.execute("CREATE TABLE customers (id int)");
        jdbc.execute("CREATE TABLE audit (what text)");
        jdbc.execute("INSERT INTO customers SELECT generate_series(1, 7)");

        RunSummary run = run("counting", """
                - step: count
                  type: bean
                  args: { bean: countCustomers }
                """);

        assertThat(run.status()).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(event(run, EventType.STEP_COMPLETED, "count").result()).asString().contains("customers=7");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit", Long.class)).isOne();
    }

    @Test
    void aStepScopedProcessorBeanReadsItsRenderedArgsFromTheStepsExecutionContext() throws Exception {
        jdbc.execute("CREATE TABLE orders (id int PRIMARY KEY, amount numeric)");
        jdbc.execute("CREATE TABLE scored (id int PRIMARY KEY, amount numeric, score numeric)");
        jdbc.execute("INSERT INTO orders VALUES (1, 10), (2, 2.5)");

        RunSummary run = run("scoring", """
                - step: score
                  type: chunk
                  args:
                    reader: { type: sql, query: "select id, amount from orders", key: id }
                    processor: { type: bean, bean: scoreOrders, factor: "$workload.factor" }
                    writer: { type: sql, table: scored, key: id }
                """);

        assertThat(run.status()).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForList("SELECT score FROM scored ORDER BY id", BigDecimal.class))
                .containsExactly(new BigDecimal("30"), new BigDecimal("7.5"));
    }

    @Test
    void aLookupReachesOnlyAllowedBeansOfTheKindItsPlaceNeeds() {
        // What a step meets when its revision was compiled before the allowlist changed.
        assertThatThrownBy(() -> beans.get("dataSource", "step reach", Tasklet.class, Function.class))
                .isInstanceOf(BeanNotCallableException.class)
                .hasMessage("step reach: `dataSource` is not a bean playbooks may call; they are countCustomers,"
                        + " greet, scoreOrders, shout");
        assertThatThrownBy(() -> beans.get("greet", "chunk step copy: reader", ItemReader.class))
                .isInstanceOf(BeanNotCallableException.class)
                .hasMessageStartingWith("chunk step copy: reader: bean `greet` is a ")
                .hasMessageEndingWith(", not a org.springframework.batch.infrastructure.item.ItemReader");
        assertThat(beans.names()).containsExactly("countCustomers", "greet", "scoreOrders", "shout");
    }

    @Test
    void theApplicationsCompilerKnowsTheBeansPlaybooksMayCall() {
        CompilationResult result = compiler.compile("typo.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: typo }
                workflow:
                  - step: start
                    next: [ hello ]
                  - step: hello
                    type: bean
                    args: { bean: gret }
                """);

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB091");
            assertThat(d.hint()).isEqualTo("did you mean `greet`?");
        });
    }
}
