package io.playbatch.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI description at {@code /api/v1/openapi.json} as a contract (docs/api.md, "The
 * description as a contract"): title and version of the build, the operator token as a bearer scheme on the
 * state-changing operations, and every problem an operation can answer as an
 * {@code application/problem+json} response of the {@code ProblemDetail} schema that
 * {@link ApiProblems} writes. Operation ids are written on each controller method.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String SECURITY_SCHEME = "operatorToken";

    private static final String PROBLEM_JSON = "application/problem+json";

    /** What each problem status means across the API; the types are those of docs/api.md. */
    private static final Map<Integer, String> PROBLEMS = Map.ofEntries(
            Map.entry(400, "Invalid id, parameter or request (invalid-id, invalid-parameter, invalid-request,"
                    + " invalid-character); `field` names the input"),
            Map.entry(401, "No operator token (token-missing): send Authorization: Bearer <token>"),
            Map.entry(403, "Wrong operator token (token-wrong), a browser request from another site"
                    + " (cross-site-request), or a playbook file outside the playbook roots (playbook-outside-roots)"),
            Map.entry(404, "No such execution, run, playbook or schedule (execution-not-found, run-not-found,"
                    + " playbook-not-found, schedule-not-found)"),
            Map.entry(406, "The Accept header admits neither application/json nor application/problem+json"
                    + " (not-acceptable)"),
            Map.entry(409, "Not possible in the execution's state (not-restartable, wrong-state, replay-refused)"),
            Map.entry(413, "Request body or workload too large (request-too-large, workload-too-large)"),
            Map.entry(415, "The body is not application/json (unsupported-media-type)"),
            Map.entry(422, "The playbook does not compile (playbook-invalid); `errors` lists the diagnostics"),
            Map.entry(429, "Too many starts under way (too-many-starts); nothing was started: retry after the"
                    + " Retry-After header's seconds"),
            Map.entry(500, "A fault of the server, never of the input (internal-error)"),
            Map.entry(501, "An operation this version does not have (not-implemented)"));

    @Bean
    OpenAPI playbatchOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties == null || properties.getVersion() == null ? "development"
                : properties.getVersion();
        return new OpenAPI()
                .info(new Info().title("Playbatch REST API").version(version)
                        .description("Operate Playbatch: start, list and inspect executions, restart, replay, stop,"
                                + " abandon and recover them, read playbooks and schedules. Ids are decimal strings;"
                                + " errors are RFC 9457 problem details. Reads need no token; state-changing"
                                + " operations need the operator token when the server has one. docs/api.md is"
                                + " the full contract."))
                .components(new Components()
                        .addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("The operator token (PLAYBATCH_API_TOKEN, playbatch.api.token); needed"
                                        + " by state-changing operations when the server has one"))
                        .addSchemas("ProblemDetail", problemDetailSchema()));
    }

    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            if (!handler.getBeanType().getPackageName().equals(ApiDescription.class.getPackageName())) {
                return operation;
            }
            boolean changesState = !handler.hasMethodAnnotation(GetMapping.class);
            Set<Integer> statuses = new TreeSet<>(List.of(400, 406, 500));
            if (changesState) {
                statuses.addAll(List.of(401, 403, 413));
                operation.addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
            }
            ProblemResponses declared = handler.getMethodAnnotation(ProblemResponses.class);
            if (declared != null) {
                for (int status : declared.value()) {
                    statuses.add(status);
                }
            }
            declareProblems(operation, statuses);
            return operation;
        };
    }

    private static void declareProblems(Operation operation, Set<Integer> statuses) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        for (int status : statuses) {
            String description = PROBLEMS.get(status);
            if (description == null) {
                throw new IllegalStateException("@ProblemResponses of " + operation.getOperationId() + " names "
                        + status + ", which ApiDescription.PROBLEMS does not describe; add it there");
            }
            ApiResponse response = new ApiResponse().description(description)
                    .content(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
            if (status == 429) {
                response.addHeaderObject("Retry-After", new Header()
                        .description("Seconds to wait before sending the same request again")
                        .schema(new IntegerSchema()));
            }
            responses.addApiResponse(String.valueOf(status), response);
        }
        operation.setResponses(responses);
    }

    /** RFC 9457 members plus Playbatch's extra ones ({@link ApiProblems}). */
    private static Schema<?> problemDetailSchema() {
        Schema<?> diagnostic = new ObjectSchema()
                .addProperty("code", new StringSchema().example("PB012"))
                .addProperty("name", new StringSchema())
                .addProperty("severity", new StringSchema())
                .addProperty("message", new StringSchema())
                .addProperty("location", new StringSchema().description("file:line:column"))
                .addProperty("hint", new StringSchema())
                .addProperty("doc", new StringSchema().nullable(true).example("docs/migration.md#v1-next-edges")
                        .description("for a v1 form, the docs/migration.md anchor that shows the v2 form; else null"));
        return new ObjectSchema()
                .description("An RFC 9457 problem: what is wrong, where, and how to fix it")
                .addProperty("type", new StringSchema().format("uri")
                        .description("https://playbatch.io/problems/<kind>, listed in docs/api.md"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("what is wrong and how to fix it"))
                .addProperty("instance", new StringSchema().format("uri-reference")
                        .description("the request path"))
                .addProperty("field", new StringSchema().description("the input at fault, when one is"))
                .addProperty("errors", new ArraySchema().items(diagnostic)
                        .description("compiler diagnostics of playbook-invalid"))
                .addProperty("retry_after_seconds", new IntegerSchema()
                        .description("too-many-starts: the Retry-After header's seconds"))
                .required(List.of("type", "title", "status", "detail"));
    }
}
