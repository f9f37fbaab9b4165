package io.playbatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.testsupport.TestDatabases;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The OpenAPI description served at /api/v1/openapi.json describes every /api/v1 route and nothing else. */
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
