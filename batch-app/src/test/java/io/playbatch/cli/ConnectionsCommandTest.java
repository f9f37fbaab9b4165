package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.testsupport.CliProcess;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code playbatch connections list | test NAME}: what is configured, never a password, and whether it answers. */
class ConnectionsCommandTest {

    private static final String PREFIX = "playbatch.connections.";

    @TempDir
    Path dir;

    /** What the last {@link #run} printed and returned. */
    private CliProcess.Result last;

    private int run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        last = new CliProcess.Result(PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args),
                out.toString(), err.toString());
        return last.exitCode();
    }

    private static void configure(String name, String field, String value) {
        System.setProperty(PREFIX + name + "." + field, value);
    }

    @AfterEach
    void clearConnections() {
        System.getProperties().stringPropertyNames().stream().filter(p -> p.startsWith(PREFIX))
                .forEach(System::clearProperty);
    }

    @Test
    void listShowsDefaultAndEachConnectionButNeverAPassword() {
        configure("erp", "url", "jdbc:postgresql://erp.internal:5432/erp");
        configure("erp", "user", "batch");
        configure("erp", "password", "hunter2-very-secret");
        configure("erp", "read-only", "true");
        configure("warehouse", "url", "jdbc:duckdb:" + dir.resolve("w.duckdb"));
        configure("warehouse", "pool-size", "2");
        configure("crm", "url", "jdbc:postgresql://crm/crm?user=a&password=url-secret-1&ssl=true");

        assertThat(run("connections", "list")).as(last.err()).isZero();
        assertThat(last.out()).contains("default").contains("embedded PostgreSQL")
                .containsPattern("erp +set +4 +read-only +jdbc:postgresql://erp.internal:5432/erp \\(batch\\)")
                .containsPattern("warehouse +none +2 +read-write +jdbc:duckdb:")
                .contains("jdbc:postgresql://crm/crm?user=a&password=***&ssl=true")
                .doesNotContain("hunter2").doesNotContain("url-secret-1");

        assertThat(run("connections", "list", "--json")).isZero();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) new JsonCodec().read(last.out());
        assertThat(rows).extracting(r -> r.get("name")).containsExactly("default", "crm", "erp", "warehouse");
        assertThat(rows.get(2)).containsEntry("password_set", true).containsEntry("read_only", true)
                .doesNotContainValue("hunter2-very-secret");
    }

    @Test
    void testSaysWhichDatabaseAnswers() {
        TestDatabase second = TestDatabases.create();
        configure("erp", "url", second.url());
        configure("erp", "user", second.user());
        configure("warehouse", "url", "jdbc:duckdb:" + dir.resolve("w.duckdb"));

        assertThat(run("connections", "test", "erp")).as(last.toString()).isZero();
        assertThat(last.out()).startsWith("erp: ok, PostgreSQL");
        assertThat(run("connections", "test", "warehouse", "--json")).as(last.toString()).isZero();
        assertThat(new JsonCodec().readMap(last.out())).containsEntry("ok", true)
                .hasEntrySatisfying("database", d -> assertThat(d.toString()).startsWith("DuckDB"));
    }

    @Test
    void testOfDefaultStartsTheApplicationOnItsDatabase() {
        TestDatabase own = TestDatabases.create();

        int exit = run("connections", "test", "default", "--db-url", own.url(), "--db-user", own.user());

        assertThat(exit).as(last.toString()).isZero();
        assertThat(last.out()).startsWith("default: ok, PostgreSQL");
    }

    @Test
    void testOfAnUnreachableDatabaseGivesTheDriversErrorAndExitOne() {
        configure("erp", "url", "jdbc:postgresql://127.0.0.1:1/erp");

        assertThat(run("connections", "test", "erp")).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(last.out()).startsWith("erp: failed: ").contains("refused");
    }

    @Test
    void testOfAMissingSecretPasswordNamesTheSecret() {
        configure("erp", "url", "jdbc:postgresql://127.0.0.1:1/erp");
        configure("erp", "password", "$secrets.erp_password_not_set");

        assertThat(run("connections", "test", "erp")).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(last.out()).contains("secret 'erp_password_not_set' has no value")
                .contains("PLAYBATCH_SECRET_ERP_PASSWORD_NOT_SET");
    }

    @Test
    void testOfAnUnknownNameIsAUsageErrorListingTheConnections() {
        configure("warehouse", "url", "jdbc:duckdb:" + dir.resolve("w.duckdb"));

        assertThat(run("connections", "test", "erp")).isEqualTo(ExitCodes.USAGE);
        assertThat(last.err()).contains("no connection 'erp' is configured; the connections are default, warehouse")
                .contains("PLAYBATCH_CONNECTIONS_ERP_URL");
    }

    @Test
    void aConnectionWithoutUrlOrWithABadPoolSizeIsAUsageErrorNamingTheProperty() {
        configure("erp", "user", "batch");

        assertThat(run("connections", "list")).isEqualTo(ExitCodes.USAGE);
        assertThat(last.err()).contains("playbatch.connections.erp.url is not set");

        configure("erp", "url", "jdbc:postgresql://erp.internal:5432/erp");
        configure("erp", "pool-size", "many");
        assertThat(run("connections", "list")).isEqualTo(ExitCodes.USAGE);
        assertThat(last.err()).contains("playbatch.connections.erp.pool-size cannot be read")
                .doesNotContain("Exception");
    }

    @Test
    void validateChecksConnectionNamesAgainstTheConfiguration() throws Exception {
        Path playbook = Files.writeString(dir.resolve("erp.yaml"), """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: erp }
                workflow:
                  - step: start
                    next: [ orders ]
                  - step: orders
                    type: sql
                    args: { query: "select * from orders", connection: warehose }
                    next: [ end ]
                  - step: end
                """);
        configure("warehouse", "url", "jdbc:duckdb:" + dir.resolve("w.duckdb"));

        assertThat(run("validate", playbook.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(last.out()).contains("erp.yaml:9:").contains("PB061")
                .contains("unknown connection `warehose`; the configured connections are `default`, `warehouse`")
                .contains("did you mean `warehouse`?");

        Files.writeString(playbook, Files.readString(playbook).replace("warehose", "warehouse"));
        assertThat(run("validate", playbook.toString())).as(last.out()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void libLoadsADriverThatIsNotShipped() {
        CliProcess.Result test = new CliProcess(dir)
                .env("PLAYBATCH_CONNECTIONS_LITE_URL", "jdbc:sqlite:" + dir.resolve("lite.db"))
                .run(Duration.ofSeconds(60), "--lib", Path.of("target/test-lib").toAbsolutePath().toString(),
                        "connections", "test", "lite");

        assertThat(test.exitCode()).as(test.toString()).isZero();
        assertThat(test.out()).startsWith("lite: ok, SQLite");
    }

    @Test
    void environmentVariablesConfigureAConnection() {
        CliProcess.Result list = new CliProcess(dir)
                .env("PLAYBATCH_CONNECTIONS_ERP_URL", "jdbc:postgresql://erp.internal:5432/erp")
                .env("PLAYBATCH_CONNECTIONS_ERP_PASSWORD", "hunter2-very-secret")
                .env("PLAYBATCH_CONNECTIONS_ERP_POOLSIZE", "7")
                .run(Duration.ofSeconds(60), "connections", "list");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern("erp +set +7 +read-write +jdbc:postgresql://erp.internal:5432/erp")
                .doesNotContain("hunter2");
    }
}
