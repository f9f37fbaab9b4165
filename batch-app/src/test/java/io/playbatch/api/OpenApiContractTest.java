package io.playbatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.testsupport.Deadline;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.TestDatabases;
import io.playbatch.testsupport.ThreeCalls;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;
import org.openapitools.codegen.validation.Invalid;
import org.openapitools.codegen.validation.ValidationResult;
import org.openapitools.codegen.validations.oas.OpenApiEvaluator;
import org.openapitools.codegen.validations.oas.RuleConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OpenAPI description is a contract a client can be built from: it passes swagger-parser's
 * validation and openapi-generator's lint rules, and the Java client generated from it (compiled
 * here, used against this server) lists executions, restarts a failed one behind the operator
 * token, and reads a playbook whose path it sends encoded ({@code examples%2Fhello}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "playbatch.api.token=" + OpenApiContractTest.TOKEN,
                "playbatch.queue.poll-interval=100ms",
                "playbatch.playbooks.roots=../job-configs,src/test/resources/playbooks"})
class OpenApiContractTest {

    static final String TOKEN = "operator-token-for-the-generated-client";
    private static final Path WORK = Path.of("target/openapi-client");
    private static final String PACKAGE = "io.playbatch.generated.client";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void descriptionPassesTheLinters() throws Exception {
        String description = new ApiClient(port, null).get("/api/v1/openapi.json").body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(description, null, options);
        assertThat(parsed.getMessages()).as("swagger-parser's validation messages").isEmpty();

        RuleConfiguration rules = new RuleConfiguration();
        rules.setEnableRecommendations(true);
        ValidationResult lint = new OpenApiEvaluator(rules).validate(parsed.getOpenAPI());
        assertThat(lint.getErrors()).as("openapi-generator's lint errors").extracting(Invalid::getMessage).isEmpty();
        assertThat(lint.getWarnings()).as("openapi-generator's lint warnings")
                .extracting(w -> w.getMessage() + ": " + w.getDetails()).isEmpty();
    }

    @Test
    void generatedClientListsExecutionsRestartsAFailedOneAndReadsAPlaybookByEncodedPath() throws Exception {
        ClassLoader client = generateAndCompileClient(new ApiClient(port, null).get("/api/v1/openapi.json").body());
        Object executions = api(client, "ExecutionsApi");

        try (LocalHttpStub stub = ThreeCalls.failingAtThree()) {
            ApiClient.Response started = new ApiClient(port, TOKEN).post("/api/v1/executions", Map.of("file",
                    ThreeCalls.PLAYBOOK.toAbsolutePath().toString(),
                    "workload", Map.of("base_url", stub.baseUrl())));
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String failedId = (String) started.map().get("execution_id");
            assertThat(awaitEnd(executions, failedId)).isEqualTo("FAILED");

            Object page = call(executions, "listExecutions");
            List<?> listed = (List<?>) call(page, "getExecutions");
            assertThat(listed).extracting(e -> call(e, "getExecutionId")).contains(failedId);
            Object failed = listed.stream().filter(e -> failedId.equals(call(e, "getExecutionId"))).findFirst()
                    .orElseThrow();
            assertThat(String.valueOf(call(failed, "getStatus"))).isEqualTo("FAILED");

            ThreeCalls.repair(stub);
            Object accepted = call(executions, "restartExecution", failedId);
            String restartedId = (String) call(accepted, "getExecutionId");
            assertThat(restartedId).isNotEqualTo(failedId);
            assertThat(awaitEnd(executions, restartedId)).isEqualTo("COMPLETED");
            assertThat(call(call(executions, "getExecution", restartedId), "getRestartOf")).isEqualTo(failedId);

            String playbook = String.valueOf(call(failed, "getPlaybook"));
            assertThat(playbook).as("a catalog path with a slash, sent encoded by the client").contains("/");
            Object playbooks = api(client, "PlaybooksApi");
            Object detail = call(playbooks, "getPlaybook", playbook);
            assertThat(call(detail, "getPath")).isEqualTo(playbook);
        }
    }

    private String awaitEnd(Object executions, String id) {
        String[] status = new String[1];
        Deadline.await(Duration.ofSeconds(30), "execution " + id + " to end", () -> {
            status[0] = String.valueOf(call(call(executions, "getExecution", id), "getStatus"));
            return List.of("COMPLETED", "FAILED", "STOPPED").contains(status[0]);
        });
        return status[0];
    }

    /** Generates the Java client (java.net.http, Jackson) into target/ and compiles it against the test classpath. */
    private static ClassLoader generateAndCompileClient(String description) throws Exception {
        Path spec = WORK.resolve("openapi.json");
        Path sources = WORK.resolve("sources");
        Path classes = WORK.resolve("classes");
        Files.createDirectories(classes);
        Files.writeString(spec, description);
        CodegenConfigurator configurator = new CodegenConfigurator().setGeneratorName("java").setLibrary("native")
                .setInputSpec(spec.toAbsolutePath().toString()).setOutputDir(sources.toAbsolutePath().toString())
                .setInvokerPackage(PACKAGE).setApiPackage(PACKAGE + ".api").setModelPackage(PACKAGE + ".model")
                .setValidateSpec(true)
                .addAdditionalProperty("useJakartaEe", true)
                .addAdditionalProperty("openApiNullable", false)
                .addAdditionalProperty("hideGenerationTimestamp", true)
                .addGlobalProperty("apiTests", "false").addGlobalProperty("modelTests", "false")
                .addGlobalProperty("apiDocs", "false").addGlobalProperty("modelDocs", "false");
        new DefaultGenerator().opts(configurator.toClientOptInput()).generate();

        List<String> files;
        try (Stream<Path> walk = Files.walk(sources.resolve("src/main/java"))) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        assertThat(files).isNotEmpty();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> arguments = new ArrayList<>(List.of("-proc:none", "-nowarn", "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path")));
        arguments.addAll(files);
        assertThat(javac.run(null, null, null, arguments.toArray(String[]::new)))
                .as("javac of the generated client (its errors are on the test's standard error)").isZero();
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, OpenApiContractTest.class.getClassLoader());
    }

    /** An API class of the generated client, on this server, sending the operator token on every request. */
    private Object api(ClassLoader client, String name) throws Exception {
        Object invoker = client.loadClass(PACKAGE + ".ApiClient").getConstructor().newInstance();
        call(invoker, "updateBaseUri", "http://127.0.0.1:" + port);
        Consumer<HttpRequest.Builder> bearer = b -> b.header("Authorization", "Bearer " + TOKEN);
        invoker.getClass().getMethod("setRequestInterceptor", Consumer.class).invoke(invoker, bearer);
        return client.loadClass(PACKAGE + ".api." + name).getConstructor(invoker.getClass()).newInstance(invoker);
    }

    /**
     * Calls the generated method {@code name} with {@code arguments}, the parameters it has beyond
     * them (optional filters) left null. Reflection, because the client exists only at test time.
     */
    private static Object call(Object target, String name, Object... arguments) {
        Method method = Arrays.stream(target.getClass().getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() >= arguments.length)
                .min((a, b) -> a.getParameterCount() - b.getParameterCount())
                .orElseThrow(() -> new AssertionError("the generated " + target.getClass().getSimpleName()
                        + " has no method " + name));
        Object[] all = Arrays.copyOf(arguments, method.getParameterCount());
        try {
            return method.invoke(target, all);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(name + " of the generated client failed: " + e.getCause(), e.getCause());
        }
    }
}
