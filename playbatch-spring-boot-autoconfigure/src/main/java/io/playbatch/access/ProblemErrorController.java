package io.playbatch.access;

import io.playbatch.json.JsonCodec;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The servlet container's error page ({@code /error}) for every path of the server: whatever the
 * container or Spring MVC refused without a controller's own answer (unknown route, wrong method,
 * {@code TRACE}, unsupported media type, a failure nothing else caught) becomes an RFC 9457 problem
 * ({@link HttpProblem}) instead of Spring Boot's default JSON. A browser (its {@code Accept} names
 * {@code text/html}) on a console path gets the console's {@code error} page instead; {@code /api}
 * and {@code /mcp} always answer problems. A 405 keeps its {@code Allow} header. An unexpected
 * failure is logged with its stack trace and answered without it.
 */
@Hidden
@Controller
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final JsonCodec json;

    ProblemErrorController(JsonCodec json) {
        this.json = json;
    }

    @RequestMapping("${server.error.path:/error}")
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        // /error asked for directly is a route like any other that does not exist.
        int status = code instanceof Integer value ? value : HttpServletResponse.SC_NOT_FOUND;
        if (path == null) {
            path = request.getRequestURI();
        }
        if (status >= 500 && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            log.error("{} {} failed", request.getAttribute(RequestDispatcher.ERROR_METHOD), ProblemResponse.quoted(path), failure);
        }
        response.setStatus(status);
        if (browser(request, path)) {
            // Not "error": that is Boot's default error view, which an application of the starter may have.
            ModelAndView page = new ModelAndView("playbatch-error");
            page.addObject("status", status);
            HttpStatus known = HttpStatus.resolve(status);
            page.addObject("error", known == null ? "Error" : known.getReasonPhrase());
            page.addObject("path", ProblemResponse.quoted(path));
            return page;
        }
        // An error dispatch is a GET; the method the client sent is kept aside (Servlet 6.1).
        Object method = request.getAttribute(RequestDispatcher.ERROR_METHOD);
        HttpProblem problem = HttpProblem.of(status, method instanceof String sent ? sent : request.getMethod(), path,
                response.getHeader(HttpHeaders.ALLOW));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.write(problem.body(path)));
        // Null: the answer is written, no view renders.
        return null;
    }

    private static boolean browser(HttpServletRequest request, String path) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        boolean machinePath = path.startsWith("/api/") || path.equals("/api") || path.startsWith("/mcp");
        return !machinePath && accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
    }
}
