package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.convert.ChildOutputs;
import io.playbatch.compiler.convert.Conversion;
import io.playbatch.compiler.convert.PlaybookConverter;
import io.playbatch.connections.ConnectionRegistry;
import io.playbatch.report.RunSummary;
import io.playbatch.report.RunSummary.StepLine;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.LocalHttpStub.Answer;
import io.playbatch.testsupport.PlaybookRunTest;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Acceptance 1 of the migration (docs/migration.md, "The corpus"): every v1 corpus file marked
 * {@code runnable} in {@code convert/corpus.yaml} is converted in-process, written where its
 * {@code metadata.path} says under the catalog root (so a parent finds its converted child), and run
 * to COMPLETED on one context: the embedded database, a DuckDB file as the named connection
 * {@code warehouse}, and a local HTTP server for the services the playbooks call. Each file has one
 * observable effect checked here: a row written, an HTTP call received, a branch taken.
 */
@SpringBootTest
class ConvertedCorpusRunTest extends PlaybookRunTest {

    private static final Path CORPUS = Path.of("../playbook-compiler/src/test/resources/convert");
    private static final Pattern CATALOG_PATH = Pattern.compile("(?m)^  path: (\\S+)$");
    private static final LocalHttpStub STUB = new LocalHttpStub()
            .on("/forecast", Answer.json(200, "{\"max\": 24}"))
            .on("/notes", Answer.json(201, "{\"stored\": true}"))
            .on("/orders", Answer.json(200, "[]"))
            .on("/ping", Answer.json(200, "{\"ok\": true}"))
            .on("/towns/oslo", Answer.json(200, "{}")).on("/towns/lima", Answer.json(200, "{}"))
            .on("/towns/pune", Answer.json(200, "{}"));
    private static final String TOKEN = "corpus-token-7";
    private static Path root;

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) throws IOException {
        TestDatabases.create().register(registry);
        // Not a @TempDir: the context, and so the DuckDB file, may outlive this class in Spring's context cache.
        root = Files.createTempDirectory("playbatch-corpus");
        root.toFile().deleteOnExit();
        registry.add("playbatch.catalog.root", root::toString);
        TestSecrets.register(registry, "api_token=" + TOKEN + "\n");
        registry.add("playbatch.connections.warehouse.url", () -> "jdbc:duckdb:" + root.resolve("warehouse.duckdb"));
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Autowired
    ConnectionRegistry connections;

    /** The workload each file needs to reach the stand-ins instead of the hosts it names. */
    private static final Map<String, Map<String, Object>> WORKLOADS = Map.of(
            "weather_loop", Map.of("base_url", STUB.baseUrl()),
            "workbook_call", Map.of("host", STUB.baseUrl()),
            "http_auth", Map.of("api", STUB.baseUrl()),
            "tool_kinds", Map.of("api", STUB.baseUrl()));

    /** One observable effect per runnable file, beyond its status. */
    private final Map<String, Consumer<RunSummary>> effects = Map.of(
            "weather_loop", run -> {
                assertThat(STUB.calls("/forecast")).as("one forecast call per city").isEqualTo(2);
                assertThat(jdbc.queryForObject("SELECT result->'data'->>'hot' FROM queue WHERE execution_id = ?"
                        + " AND node_id = 'summarize'", String.class, run.executionId())).as("cities over 20").isEqualTo("2");
            },
            "conditional", run -> assertThat(ranSteps(run)).as("the bulk branch, rows 120 > limit 100: " + run.steps())
                    .contains("bulk_load").doesNotContain("small_load", "skip"),
            "workbook_call", run -> assertThat(STUB.calls("/notes")).as("the note posted").isEqualTo(1),
            "save_table", run -> assertThat(jdbc.queryForList("SELECT day FROM convert_daily", String.class))
                    .containsExactly("2026-11-24"),
            "duckdb_summary", run -> assertThat(new JdbcTemplate(connections.connection("warehouse").dataSource())
                    .queryForList("SELECT region || ' ' || total FROM region_totals", String.class))
                    .as("the total saved into the DuckDB file").containsExactly("north 15.0"),
            "child_summary", run -> assertThat(run.result()).as("the output return_step became")
                    .isEqualTo(Map.of("count", 3, "total", 12)),
            "parent_playbooks", run -> assertThat(jdbc.queryForObject("SELECT result->'data'->>'ok' FROM queue"
                    + " WHERE execution_id = ? AND node_id = 'check'", String.class, run.executionId()))
                    .as("the parent read the child's summarize step").isEqualTo("true"),
            "http_auth", run -> {
                assertThat(STUB.lastHeader("/orders", "Authorization")).isEqualTo("Bearer " + TOKEN);
                assertThat(STUB.lastHeader("/ping", "X-Api-Key")).isEqualTo(TOKEN);
            },
            "tool_kinds", run -> assertThat(List.of("/towns/oslo", "/towns/lima", "/towns/pune")).as("one call per town")
                    .allSatisfy(path -> assertThat(STUB.calls(path)).as(path).isEqualTo(1)));

    @Test
    void everyRunnableCorpusFileRunsToCompletedOnceConverted() throws Exception {
        Set<String> runnable = runnableFiles();
        assertThat(effects.keySet()).as("an effect per runnable file of corpus.yaml").isEqualTo(runnable);
        PlaybookConverter converter = new PlaybookConverter();
        Map<String, String> texts = new TreeMap<>();
        for (String name : runnable) {
            texts.put(name, Files.readString(CORPUS.resolve("v1/" + name + ".yaml"), StandardCharsets.UTF_8));
        }
        // One batch, as `playbatch convert FILE... --out DIR` converts: a parent's return_step sets its child's output.
        ChildOutputs children = converter.scan(texts);
        Map<String, Path> converted = new TreeMap<>();
        for (String name : runnable) {
            Conversion conversion = converter.convert(name + ".yaml", texts.get(name), children);
            assertThat(conversion.todos()).as(name).isEmpty();
            Matcher path = CATALOG_PATH.matcher(conversion.text());
            assertThat(path.find()).as(name + " has a metadata.path").isTrue();
            Path file = root.resolve(path.group(1) + ".yaml");
            Files.createDirectories(file.getParent());
            converted.put(name, Files.writeString(file, conversion.text(), StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, Path> file : converted.entrySet()) {
            String name = file.getKey();
            RunSummary run = operations.start(file.getValue(), WORKLOADS.getOrDefault(name, Map.of()));

            assertThat(run.status()).as(name + " " + run.steps() + " " + run.error()).isEqualTo("COMPLETED");
            effects.get(name).accept(run);
        }
    }

    private static List<String> ranSteps(RunSummary run) {
        return run.steps().stream().filter(s -> "completed".equals(s.status())).map(StepLine::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> runnableFiles() throws IOException {
        Map<String, Map<String, Object>> corpus = (Map<String, Map<String, Object>>) new Load(LoadSettings.builder()
                .build()).loadFromString(Files.readString(CORPUS.resolve("corpus.yaml"), StandardCharsets.UTF_8));
        Set<String> names = new TreeSet<>();
        corpus.forEach((name, entry) -> {
            if (Boolean.TRUE.equals(entry.get("runnable"))) {
                names.add(name);
            }
        });
        return names;
    }
}
