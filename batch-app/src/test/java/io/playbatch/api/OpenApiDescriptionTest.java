package io.playbatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.testsupport.TestDatabases;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI description served at /api/v1/openapi.json describes every /api/v1 route and nothing
 * else, as a contract: the build's title and version, readable operationIds, every answer declared
 * (202 for background actions, problems as application/problem+json ProblemDetail), the bearer
 * scheme on state-changing operations only. OpenApiContractTest lints it and generates a client.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class OpenApiDescriptionTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.create().register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    BuildProperties build;

    @Test
    @SuppressWarnings("unchecked")
    void describesTheBuildOperationIdsEveryAnswerAndTheBearerScheme() throws Exception {
        Map<String, Object> document = new ApiClient(port, null).get("/api/v1/openapi.json").map();
        Map<String, Object> info = (Map<String, Object>) document.get("info");
        assertThat(info).containsEntry("title", "Playbatch REST API").containsEntry("version", build.getVersion());
        assertThat((String) info.get("description")).contains("docs/api.md");

        Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) document.get("components");
        assertThat((Map<String, Object>) components.get("securitySchemes").get(ApiDescription.SECURITY_SCHEME))
                .containsEntry("type", "http").containsEntry("scheme", "bearer");
        assertThat(components.get("schemas")).containsKey("ProblemDetail");

        Map<String, String> operationIds = new TreeMap<>();
        ((Map<String, Map<String, Map<String, Object>>>) document.get("paths")).forEach((path, operations) ->
                operations.forEach((method, operation) -> {
                    String route = method.toUpperCase() + " " + path;
                    operationIds.put(route, (String) operation.get("operationId"));
                    Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation
                            .get("responses");
                    assertThat(responses).as(route).containsKeys("400", "500");
                    responses.forEach((status, response) -> {
                        Map<String, Object> content = (Map<String, Object>) response.get("content");
                        if (status.startsWith("2")) {
                            assertThat(content).as(route + " " + status).containsOnlyKeys("application/json");
                        } else {
                            assertThat(content).as(route + " " + status).containsOnlyKeys("application/problem+json");
                            assertThat(content.get("application/problem+json")).as(route + " " + status)
                                    .isEqualTo(Map.of("schema", Map.of("$ref", "#/components/schemas/ProblemDetail")));
                        }
                    });
                    if (method.equals("get")) {
                        assertThat(operation).as(route).doesNotContainKey("security");
                        assertThat(responses).as(route).containsKey("200").doesNotContainKeys("401", "403");
                    } else {
                        assertThat(operation.get("security")).as(route)
                                .isEqualTo(List.of(Map.of(ApiDescription.SECURITY_SCHEME, List.of())));
                        assertThat(responses).as(route).containsKeys("401", "403", "413");
                    }
                }));
        assertThat(operationIds.values()).allMatch(id -> id.matches("[a-z]+([A-Z][a-z]+)+"), "camelCase verb+noun")
                .doesNotHaveDuplicates();
        assertThat(operationIds).containsEntry("GET /api/v1/executions", "listExecutions")
                .containsEntry("POST /api/v1/executions", "startExecution")
                .containsEntry("GET /api/v1/executions/{execution_id}", "getExecution")
                .containsEntry("POST /api/v1/executions/{execution_id}/restart", "restartExecution")
                .containsEntry("POST /api/v1/executions/recover", "recoverDeadExecutions")
                .containsEntry("GET /api/v1/playbooks/{path}", "getPlaybook")
                .containsEntry("POST /api/v1/schedules/pause", "pauseSchedule");

        Map<String, Map<String, Map<String, Map<String, Object>>>> paths =
                (Map<String, Map<String, Map<String, Map<String, Object>>>>) document.get("paths");
        assertThat(paths.get("/api/v1/executions/{execution_id}/restart").get("post").get("responses"))
                .containsKeys("202", "404", "409").doesNotContainKey("200");
        assertThat(paths.get("/api/v1/executions").get("post").get("responses"))
                .containsKeys("202", "403", "404", "415", "422").doesNotContainKey("200");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyApiRouteIsDescribedAndIdsAreStrings() throws Exception {
        ApiClient.Response response = new ApiClient(port, null).get("/api/v1/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        Map<String, Object> document = response.map();
        assertThat((String) document.get("openapi")).startsWith("3.");

        Set<String> described = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, operations) ->
                operations.keySet().forEach(method -> described.add(method.toUpperCase() + " " + path)));
        Set<String> routes = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/v1/") && !p.startsWith("/api/v1/openapi.json"))
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(m ->
                        routes.add(m.name() + " " + p.replace("{*", "{")))));
        assertThat(routes).isNotEmpty().contains("GET /api/v1/executions", "POST /api/v1/executions/{execution_id}/restart");
        assertThat(described).isEqualTo(routes);

        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components"))
                .get("schemas");
        Map<String, Object> execution = (Map<String, Object>) schemas.get("Execution");
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) execution.get("properties");
        assertThat(properties.get("execution_id")).containsEntry("type", "string");
        assertThat(properties.get("run_id")).containsEntry("type", "string");
    }
}
