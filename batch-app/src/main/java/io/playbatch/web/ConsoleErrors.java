package io.playbatch.web;

import io.playbatch.ids.InvalidIdException;
import io.playbatch.ledger.InvalidFilterException;
import io.playbatch.operate.NoSuchExecutionException;
import io.playbatch.operate.NotRestartableException;
import io.playbatch.operate.PlaybookInvalidException;
import io.playbatch.schedule.NoSuchScheduleException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns what goes wrong behind a console page into a readable page with the right status code:
 * what happened and how to fix it. Unexpected errors are logged with their stack trace and shown
 * without internals.
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    @ExceptionHandler(NoSuchExecutionException.class)
    String noSuchExecution(NoSuchExecutionException e, HttpServletResponse response, Model model) {
        return render(response, model, HttpStatus.NOT_FOUND, "No such execution", e.getMessage(),
                "Check the id, or find the execution in the list.");
    }

    @ExceptionHandler(NoSuchScheduleException.class)
    String noSuchSchedule(NoSuchScheduleException e, HttpServletResponse response, Model model) {
        return render(response, model, HttpStatus.NOT_FOUND, "No such schedule", e.getMessage(),
                "Pick the schedule from the schedules page.");
    }

    @ExceptionHandler({InvalidIdException.class, InvalidFilterException.class, MethodArgumentTypeMismatchException.class})
    String badInput(Exception e, HttpServletResponse response, Model model) {
        return render(response, model, HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage(),
                "Correct the value in the address or the filter form and try again.");
    }

    @ExceptionHandler(NotRestartableException.class)
    String conflict(NotRestartableException e, HttpServletResponse response, Model model) {
        return render(response, model, HttpStatus.CONFLICT, "Not possible in the execution's current state",
                e.getMessage(), "Open the execution's page to see its current status and the actions it allows.");
    }

    @ExceptionHandler(PlaybookInvalidException.class)
    String invalidPlaybook(PlaybookInvalidException e, HttpServletResponse response, Model model) {
        return render(response, model, HttpStatus.UNPROCESSABLE_CONTENT, "The playbook has errors", e.getMessage(),
                "Fix the playbook (playbatch validate FILE lists every problem with its line), then try again.");
    }

    @ExceptionHandler(Exception.class)
    String unexpected(Exception e, HttpServletResponse response, Model model) {
        if (e instanceof ErrorResponse known) {
            // Spring MVC's own request errors (missing parameter, wrong method, ...) keep their status.
            HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
            return render(response, model, status, status.getReasonPhrase(), e.getMessage(),
                    "Use the console's links and forms rather than a hand-written address.");
        }
        log.error("console request failed", e);
        return render(response, model, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "The server could not complete this request (" + e.getClass().getSimpleName() + ").",
                "Try again; if it keeps failing, the server log has the details.");
    }

    private static String render(HttpServletResponse response, Model model, HttpStatus status, String title,
            String detail, String fix) {
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("reason", status.getReasonPhrase());
        model.addAttribute("title", title);
        model.addAttribute("detail", detail);
        model.addAttribute("fix", fix);
        return "console-error";
    }
}
