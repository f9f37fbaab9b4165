package io.playbatch.web;

import io.playbatch.access.HttpProblem;
import io.playbatch.admission.StartsBusyException;
import io.playbatch.catalog.OutsidePlaybookRootsException;
import io.playbatch.ids.InvalidIdException;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.InvalidFilterException;
import io.playbatch.operate.NoSuchPlaybookException;
import io.playbatch.operate.NotRestartableException;
import io.playbatch.operate.PlaybookInvalidException;
import io.playbatch.operate.WorkloadRejectedException;
import io.playbatch.report.NoSuchExecutionException;
import io.playbatch.schedule.NoSuchScheduleException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Turns what goes wrong behind a console page into an answer with the right status code that says
 * what happened and how to fix it: a readable page for a browser (its {@code Accept} names
 * {@code text/html}), an RFC 9457 problem for any other client. Unexpected errors are logged with
 * their stack trace and shown without internals.
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    private final JsonCodec json;

    ConsoleErrors(JsonCodec json) {
        this.json = json;
    }

    @ExceptionHandler(NoSuchExecutionException.class)
    ModelAndView noSuchExecution(NoSuchExecutionException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return render(request, response, HttpStatus.NOT_FOUND, "execution-not-found", "No such execution",
                e.getMessage(), "Check the id, or find the execution in the list.");
    }

    @ExceptionHandler(NoSuchScheduleException.class)
    ModelAndView noSuchSchedule(NoSuchScheduleException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return render(request, response, HttpStatus.NOT_FOUND, "schedule-not-found", "No such schedule",
                e.getMessage(), "Pick the schedule from the schedules page.");
    }

    @ExceptionHandler(NoSuchPlaybookException.class)
    ModelAndView noSuchPlaybook(NoSuchPlaybookException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return render(request, response, HttpStatus.NOT_FOUND, "playbook-not-found", "No such playbook",
                e.getMessage(), "Pick the playbook from the playbooks page.");
    }

    @ExceptionHandler(OutsidePlaybookRootsException.class)
    ModelAndView outsideRoots(OutsidePlaybookRootsException e, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        return render(request, response, HttpStatus.FORBIDDEN, "playbook-outside-roots", "Playbook file not allowed",
                e.getMessage(), "Register the playbook (playbatch register FILE) to launch it from the console.");
    }

    @ExceptionHandler(WorkloadRejectedException.class)
    ModelAndView workloadRejected(WorkloadRejectedException e, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        return e.tooLarge()
                ? render(request, response, HttpStatus.CONTENT_TOO_LARGE, "workload-too-large", "Workload too large",
                        e.getMessage(), "Go back and shorten the workload's values.")
                : render(request, response, HttpStatus.BAD_REQUEST, "invalid-request", "Invalid workload",
                        e.getMessage(), "Go back to the launch form and correct the field.");
    }

    @ExceptionHandler({InvalidIdException.class, InvalidFilterException.class, MethodArgumentTypeMismatchException.class})
    ModelAndView badInput(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        return render(request, response, HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                e.getMessage(), "Correct the value in the address or the filter form and try again.");
    }

    @ExceptionHandler(NotRestartableException.class)
    ModelAndView conflict(NotRestartableException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return render(request, response, HttpStatus.CONFLICT, "not-restartable",
                "Not possible in the execution's current state", e.getMessage(),
                "Open the execution's page to see its current status and the actions it allows.");
    }

    @ExceptionHandler(StartsBusyException.class)
    ModelAndView startsBusy(StartsBusyException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
        return render(request, response, HttpStatus.TOO_MANY_REQUESTS, "too-many-starts", "Too many starts",
                e.getMessage(), "Nothing was started; go back and submit again in " + e.retryAfterSeconds()
                        + " seconds.");
    }

    @ExceptionHandler(PlaybookInvalidException.class)
    ModelAndView invalidPlaybook(PlaybookInvalidException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return render(request, response, HttpStatus.UNPROCESSABLE_CONTENT, "playbook-invalid", "The playbook has errors",
                e.getMessage(),
                "Fix the playbook (playbatch validate FILE lists every problem with its line), then try again.");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (e instanceof ErrorResponse known) {
            // Spring MVC's own request errors (missing parameter, wrong method, media type...) keep their status.
            HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
            known.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            HttpProblem problem = HttpProblem.of(status.value(), request.getMethod(), request.getRequestURI(),
                    response.getHeader(HttpHeaders.ALLOW));
            return render(request, response, status, problem.slug(), problem.title(), problem.detail(),
                    "Use the console's links and forms rather than a hand-written address.");
        }
        log.error("console request failed", e);
        return render(request, response, HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Something went wrong",
                "The server could not complete this request (" + e.getClass().getSimpleName() + ").",
                "Try again; if it keeps failing, the server log has the details.");
    }

    private ModelAndView render(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
            String slug, String title, String detail, String fix) throws IOException {
        response.setStatus(status.value());
        if (!browser(request)) {
            HttpProblem problem = new HttpProblem(status.value(), slug, title, detail + " " + fix);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(json.write(problem.body(request.getRequestURI())));
            // An empty ModelAndView: the answer is written, no view renders.
            return new ModelAndView();
        }
        ModelAndView page = new ModelAndView("console-error");
        page.addObject("status", status.value());
        page.addObject("reason", status.getReasonPhrase());
        page.addObject("title", title);
        page.addObject("detail", detail);
        page.addObject("fix", fix);
        return page;
    }

    /** A browser asks for HTML; curl, scripts and API clients do not, and get problem details. */
    private static boolean browser(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
    }
}
