package io.playbatch.api;

import io.playbatch.admission.StartsBusyException;
import io.playbatch.catalog.OutsidePlaybookRootsException;
import io.playbatch.ids.InvalidIdException;
import io.playbatch.ledger.InvalidFilterException;
import io.playbatch.operate.ExecutionStateException;
import io.playbatch.operate.NotRestartableException;
import io.playbatch.operate.PlaybookInvalidException;
import io.playbatch.operate.ReplayRefusedException;
import io.playbatch.operate.WorkloadRejectedException;
import io.playbatch.report.NoSuchExecutionException;
import io.playbatch.schedule.NoSuchScheduleException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of the REST API into RFC 9457 problem details ({@code application/problem+json}):
 * a {@code type} URI per kind of problem (listed in docs/api.md), a title, the status, a
 * {@code detail} that says what to fix, the request path as {@code instance}, and extra members
 * where they help ({@code field} for bad input, {@code errors} with compiler diagnostics).
 * Applies only to the API's controllers, not to the web console's pages.
 */
@RestControllerAdvice(basePackageClasses = ApiProblems.class)
class ApiProblems extends ResponseEntityExceptionHandler {

    static final String BASE = "https://playbatch.io/problems/";

    @ExceptionHandler(InvalidIdException.class)
    ResponseEntity<Object> invalidId(InvalidIdException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-id", "Invalid id",
                e.getMessage() + "; an id is a decimal string of digits from 1 to 9223372036854775807", request);
        problem.setProperty("field", e.field());
        return respond(problem);
    }

    @ExceptionHandler(InvalidFilterException.class)
    ResponseEntity<Object> invalidFilter(InvalidFilterException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                e.getMessage(), request);
        problem.setProperty("field", e.field());
        return respond(problem);
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Object> invalidRequest(InvalidRequestException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage(),
                request);
        problem.setProperty("field", e.field());
        return respond(problem);
    }

    @ExceptionHandler(OutsidePlaybookRootsException.class)
    ResponseEntity<Object> outsideRoots(OutsidePlaybookRootsException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "playbook-outside-roots", "Playbook file not allowed",
                "file: " + e.getMessage(), request);
        problem.setProperty("field", "file");
        return respond(problem);
    }

    @ExceptionHandler(WorkloadRejectedException.class)
    ResponseEntity<Object> workloadRejected(WorkloadRejectedException e, HttpServletRequest request) {
        ProblemDetail problem = e.tooLarge()
                ? problem(HttpStatus.CONTENT_TOO_LARGE, "workload-too-large", "Workload too large", e.getMessage(),
                        request)
                : problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage(), request);
        problem.setProperty("field", e.field());
        return respond(problem);
    }

    @ExceptionHandler(NoSuchExecutionException.class)
    ResponseEntity<Object> noSuchExecution(NoSuchExecutionException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.NOT_FOUND, "execution-not-found", "No such execution",
                e.getMessage().replace("'playbatch list'", "GET /api/v1/executions"), request));
    }

    @ExceptionHandler(NoSuchScheduleException.class)
    ResponseEntity<Object> noSuchSchedule(NoSuchScheduleException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.NOT_FOUND, "schedule-not-found", "No such schedule",
                e.getMessage() + "; GET /api/v1/schedules lists the schedules", request));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.NOT_FOUND, e.slug(), e.title(), e.getMessage(), request));
    }

    @ExceptionHandler(NotRestartableException.class)
    ResponseEntity<Object> conflict(NotRestartableException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.CONFLICT, "not-restartable", "Not possible in this state", e.getMessage(),
                request));
    }

    @ExceptionHandler(ExecutionStateException.class)
    ResponseEntity<Object> wrongState(ExecutionStateException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.CONFLICT, "wrong-state", "Not possible in this state", e.getMessage(),
                request));
    }

    @ExceptionHandler(ReplayRefusedException.class)
    ResponseEntity<Object> replayRefused(ReplayRefusedException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.CONFLICT, "replay-refused", "Replay refused", e.getMessage(), request));
    }

    @ExceptionHandler(StartsBusyException.class)
    ResponseEntity<Object> startsBusy(StartsBusyException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-starts", "Too many starts",
                e.getMessage(), request);
        problem.setProperty("retry_after_seconds", e.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds())).body(problem);
    }

    @ExceptionHandler(PlaybookInvalidException.class)
    ResponseEntity<Object> invalidPlaybook(PlaybookInvalidException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "playbook-invalid", "Invalid playbook",
                e.getMessage() + "; fix the errors listed in 'errors' (file:line:column, code, hint)", request);
        problem.setProperty("errors", e.diagnostics().stream().map(ApiModel.DiagnosticJson::of).toList());
        return respond(problem);
    }

    @ExceptionHandler(UnsupportedOperationException.class)
    ResponseEntity<Object> notImplemented(UnsupportedOperationException e, HttpServletRequest request) {
        return respond(problem(HttpStatus.NOT_IMPLEMENTED, "not-implemented", "Not implemented yet",
                e.getMessage() + " in this version of Playbatch", request));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                e.getName() + ": '" + cut(String.valueOf(e.getValue())) + "' is not a valid "
                        + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName().toLowerCase(
                                Locale.ROOT)), request);
        problem.setProperty("field", e.getName());
        return respond(problem);
    }

    /**
     * Spring MVC's own errors (unreadable body, missing parameter, wrong method, media type...) get
     * our type, by status ({@code unsupported-media-type}, {@code method-not-allowed}, ...), and instance too.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            if (problem.getType() == null || "about:blank".equals(String.valueOf(problem.getType()))) {
                problem.setType(URI.create(BASE + slug(statusCode.value())));
            }
            if (request instanceof ServletWebRequest servlet) {
                problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
            }
            if (ex instanceof HttpMessageNotReadableException) {
                problem.setDetail("The request body is not valid JSON of the expected shape: "
                        + String.valueOf(ex.getMessage()).split(":")[0] + "; see /api/v1/openapi.json");
            }
            if (ex instanceof HttpMediaTypeNotSupportedException unsupported) {
                problem.setDetail("Content-Type " + (unsupported.getContentType() == null ? "(none)"
                        : "'" + unsupported.getContentType() + "'") + " is not accepted here; send the body as"
                        + " application/json (see /api/v1/openapi.json)");
            }
            if (ex instanceof HttpMediaTypeNotAcceptableException) {
                problem.setDetail("The Accept header admits neither application/json nor application/problem+json,"
                        + " or cannot be parsed; send Accept: application/json (or none)");
            }
            return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        return response;
    }

    /** The problem type of a Spring MVC error; a client mistake with no type of its own is {@code invalid-request}. */
    private static String slug(int status) {
        return switch (status) {
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "request-too-large";
            case 415 -> "unsupported-media-type";
            case 404 -> "route-not-found";
            case 500 -> "internal-error";
            default -> "invalid-request";
        };
    }

    /** A value quoted back to the client, cut to a readable length: it came from the request and may be huge. */
    private static String cut(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail,
            HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(BASE + slug));
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
