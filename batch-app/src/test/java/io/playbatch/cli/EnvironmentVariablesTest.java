package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.testsupport.CliProcess;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.LocalHttpStub.Answer;
import io.playbatch.testsupport.PlaybookFiles;
import io.playbatch.testsupport.TestDatabase;
import io.playbatch.testsupport.TestDatabases;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every environment variable that README.md and docs/ document, each set in the environment of a
 * real {@code playbatch} child process ({@link CliProcess}) and observed doing what the docs say.
 * {@code PLAYBATCH_DATA_DIR} is in {@link CliHelpTest}; the test suite's own
 * {@code PLAYBATCH_TEST_DB_*} are read by {@code TestDatabases} (README.md, "Tests").
 */
@Tag("slow")
class EnvironmentVariablesTest {

    private static final Duration EXIT = Duration.ofSeconds(120);
    private static final Path HELLO = Path.of("../job-configs/examples/hello.yaml");

    private static TestDatabase database;

    @TempDir
    Path dir;

    /**
     * Already migrated (a template copy, TestDatabases): a child JVM migrating an empty database took
     * Liquibase's seconds in a cold JVM, and migration is what SchemaMigrationTest and the migrate
     * command's tests prove, not these variables.
     */
    @BeforeAll
    static void database() {
        database = TestDatabases.create();
    }

    @Test
    void playbatchDbUrlAndUserChooseTheDatabase() throws IOException {
        // Without the test URL's own ?user=, which would outrank PLAYBATCH_DB_USER.
        String url = database.url().replaceFirst("\\?.*", "");
        Path playbook = PlaybookFiles.write(dir, "chosen_database", """
                workflow:
                  - step: start
                """);

        CliProcess.Result register = new CliProcess(dir).env("PLAYBATCH_DB_URL", url)
                .env("PLAYBATCH_DB_USER", database.user()).run(EXIT, "register", playbook.toString());
        CliProcess.Result stranger = new CliProcess(dir).env("PLAYBATCH_DB_URL", url)
                .env("PLAYBATCH_DB_USER", "no_such_role").run(EXIT, "list");

        assertThat(register.exitCode()).as(register.toString()).isZero();
        assertThat(new JdbcTemplate(database.dataSource()).queryForObject(
                "SELECT count(*) FROM playbook_revision WHERE playbook_path LIKE '%chosen_database'", Integer.class))
                .as("the child registered the playbook in this database").isOne();
        assertThat(stranger.exitCode()).as(stranger.toString()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(stranger.err()).contains("no_such_role");
    }

    @Test
    void playbatchDbPasswordIsWhatTheDatabaseIsSent() throws IOException {
        try (PasswordProbe probe = new PasswordProbe()) {
            CliProcess.Result list = new CliProcess(dir).env("PLAYBATCH_DB_URL", probe.url())
                    .env("PLAYBATCH_DB_USER", "operator").env("PLAYBATCH_DB_PASSWORD", "pa55-w0rd").run(EXIT, "list");

            assertThat(list.exitCode()).as(list.toString()).isEqualTo(ExitCodes.ENVIRONMENT);
            assertThat(probe.logins).as(list.toString()).contains("operator:pa55-w0rd");
        }
    }

    @Test
    void playbatchApiTokenGuardsTheServerAndBatchMcpServerEnabledServesMcp() throws Exception {
        try (CliProcess.Running serve = new CliProcess(dir).database(database)
                .env("PLAYBATCH_API_TOKEN", "operator-token-1").env("PLAYBATCH_MCP_SERVER_ENABLED", "true")
                .start("serve", "--port", "0")) {
            Matcher serving = serve.awaitOutput(Pattern.compile("serving on (http://\\S+:\\d+)"), EXIT);
            String base = serving.group(1);

            assertThat(post(base + "/api/v1/executions/424242/stop", null, "{}").statusCode()).isEqualTo(401);
            assertThat(post(base + "/api/v1/executions/424242/stop", "wrong", "{}").statusCode()).isEqualTo(403);
            assertThat(post(base + "/api/v1/executions/424242/stop", "operator-token-1", "{}").statusCode())
                    .as("the token is accepted: the execution is then not found").isEqualTo(404);
            HttpResponse<String> mcp = post(base + "/mcp", "operator-token-1", """
                    {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18",
                     "capabilities": {}, "clientInfo": {"name": "env-test", "version": "1"}}}""");
            assertThat(mcp.statusCode()).as(mcp.body()).isEqualTo(200);
            assertThat(mcp.body()).contains("serverInfo");
        }
    }

    @Test
    void playbatchSecretNameAndPlaybatchSecretsFileSupplySecrets() throws IOException {
        Path secrets = Files.writeString(dir.resolve("secrets.properties"), "file_token=t-file-2\n");
        try (LocalHttpStub stub = new LocalHttpStub().on("/hook", Answer.json(200, "{}"))
                .on("/other", Answer.json(200, "{}"))) {
            CliProcess.Result run = new CliProcess(dir).database(database).env("PLAYBATCH_SECRET_HOOK_TOKEN", "t-env-1")
                    .env("PLAYBATCH_SECRETS_FILE", secrets.toString())
                    .run(EXIT, "run", secretPlaybook().toString(), "--set", "base_url=" + stub.baseUrl());

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(stub.lastHeader("/hook", "Authorization")).isEqualTo("Bearer t-env-1");
            assertThat(stub.lastHeader("/other", "Authorization")).isEqualTo("Bearer t-file-2");
        }
    }

    @Test
    void batchMcpStdioAllowedCommandsAllowsAStdioServer() {
        String stdio = "src/test/resources/playbooks/mcp/stdio-daily-logs.yaml";

        CliProcess.Result refused = new CliProcess(dir).run(EXIT, "validate", stdio);
        CliProcess.Result allowed = new CliProcess(dir).env("PLAYBATCH_MCP_STDIO_ALLOWEDCOMMANDS", "node,java")
                .run(EXIT, "validate", stdio);

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.out()).contains("MCP004");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
    }

    @Test
    void batchMcpVerifyOnRegisterChecksTheServersBeforeRegistering() throws IOException {
        Path playbook = PlaybookFiles.write(dir, "unreachable_mcp", """
                mcp:
                  servers:
                    crm: { url: "http://127.0.0.1:9/mcp", connect_timeout: 2s }
                  tools:
                    lookup: { server: crm, tool: customers.get }
                workflow:
                  - step: start
                    next: [ look ]
                  - step: look
                    task: lookup
                    args: { id: "C-1" }
                """);

        CliProcess.Result register = new CliProcess(dir).database(database).env("PLAYBATCH_MCP_VERIFYONREGISTER", "true")
                .run(EXIT, "register", playbook.toString());

        assertThat(register.exitCode()).as(register.toString()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(register.out() + register.err()).contains("MCP072").contains("was not registered");
    }

    @Test
    void playbatchLimitsYamlBytesBoundsAPlaybooksSize() {
        CliProcess.Result validate = new CliProcess(dir).env("PLAYBATCH_LIMITS_YAMLBYTES", "100")
                .run(EXIT, "validate", HELLO.toString());

        assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(validate.out()).contains("PB054").contains("100 bytes");
    }

    @Test
    void playbatchPlaybooksRootsNamesPlaybooksRelativeToARoot() throws IOException {
        Path root = Files.createDirectories(dir.resolve("playbooks"));
        Path file = PlaybookFiles.write(Files.createDirectories(root.resolve("team")), "nightly", """
                workflow:
                  - step: start
                """);

        CliProcess.Result compile = new CliProcess(dir).env("PLAYBATCH_PLAYBOOKS_ROOTS", root.toString())
                .run(EXIT, "compile", file.toString(), "--explain");

        assertThat(compile.exitCode()).as(compile.toString()).isZero();
        assertThat(compile.out()).contains("job team/nightly ");
    }

    /** The launcher passes PLAYBATCH_JAVA_OPTS to java, split into words, before -jar (after its JIT options). */
    @Test
    void playbatchJavaOptsReachTheJvm() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Files.copy(Path.of("../playbatch"), checkout.resolve("playbatch"));
        for (String module : List.of("playbook-compiler", "playbatch-spring-boot-autoconfigure",
                "playbatch-spring-boot-starter", "batch-app/target", "liquibase")) {
            Files.createDirectories(checkout.resolve(module));
        }
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        // Newer than every source, so the launcher does not build.
        Path jar = Files.writeString(checkout.resolve("batch-app/target/playbatch.jar"), "");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(3600)));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder launcher = new ProcessBuilder(checkout.resolve("playbatch").toString(), "list", "--json")
                .redirectOutput(dir.resolve("launcher.out").toFile()).redirectErrorStream(true);
        launcher.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        launcher.environment().put("PLAYBATCH_JAVA_OPTS", "-Xmx256m -Dplaybatch.probe=yes");
        Process process = launcher.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readAllLines(dir.resolve("launcher.out"))).containsExactly("-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-Dplaybatch.probe=yes", "-jar", jar.toString(), "list", "--json");

        // A run keeps the optimising compiler, for code ten times hotter than the JVM's default (docs/cli.md).
        launcher.command(checkout.resolve("playbatch").toString(), "run", "x.yaml");
        assertThat(launcher.start().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readAllLines(dir.resolve("launcher.out"))).containsExactly(
                "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
                "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000", "-Xmx256m",
                "-Dplaybatch.probe=yes", "-jar", jar.toString(), "run", "x.yaml");
    }

    private Path secretPlaybook() throws IOException {
        return PlaybookFiles.write(dir, "secret_hook", """
                workload:
                  base_url: http://127.0.0.1:9
                workflow:
                  - step: start
                    next: [ call ]
                  - step: call
                    type: http
                    args:
                      url: "${workload.base_url}/hook"
                      headers:
                        Authorization: "Bearer $secrets.hook_token"
                    next: [ other ]
                  - step: other
                    type: http
                    args:
                      url: "${workload.base_url}/other"
                      headers:
                        Authorization: "Bearer $secrets.file_token"
                """);
    }

    private static HttpResponse<String> post(String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A PostgreSQL server that only authenticates: it asks every client for its password in clear
     * text, records {@code user:password} and refuses the login (protocol 3.0, SQLSTATE 28P01).
     */
    private static final class PasswordProbe implements AutoCloseable {

        private static final int SSL_REQUEST = 80877103;
        private static final int GSS_REQUEST = 80877104;

        final List<String> logins = new CopyOnWriteArrayList<>();
        private final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());

        PasswordProbe() throws IOException {
            Thread acceptor = new Thread(this::serve, "password-probe");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + "/playbatch";
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(10_000);
                    login(new DataInputStream(socket.getInputStream()), new DataOutputStream(socket.getOutputStream()));
                } catch (IOException e) {
                    // a client that hung up, or the probe closing: wait for the next one
                }
            }
        }

        private void login(DataInputStream in, DataOutputStream out) throws IOException {
            byte[] startup;
            while (true) {
                startup = new byte[in.readInt() - 4];
                in.readFully(startup);
                int code = java.nio.ByteBuffer.wrap(startup).getInt();
                if (code != SSL_REQUEST && code != GSS_REQUEST) {
                    break;
                }
                out.writeByte('N');
                out.flush();
            }
            String[] parameters = new String(startup, 4, startup.length - 4, StandardCharsets.UTF_8).split("\0");
            String user = "";
            for (int i = 0; i + 1 < parameters.length; i += 2) {
                if (parameters[i].equals("user")) {
                    user = parameters[i + 1];
                }
            }
            out.writeByte('R');
            out.writeInt(8);
            out.writeInt(3); // AuthenticationCleartextPassword
            out.flush();
            if (in.readByte() != 'p') {
                return;
            }
            byte[] password = new byte[in.readInt() - 4];
            in.readFully(password);
            logins.add(user + ":" + new String(password, 0, password.length - 1, StandardCharsets.UTF_8));
            byte[] error = "SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed (probe)\0\0"
                    .getBytes(StandardCharsets.UTF_8);
            out.writeByte('E');
            out.writeInt(error.length + 4);
            out.write(error);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
