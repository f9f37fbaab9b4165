package io.playbatch.access;

import java.util.Map;

/**
 * The problem that answers an HTTP-level client mistake, chosen by its status alone: the servlet
 * container and Spring MVC refuse these before any controller of Playbatch runs (unknown route,
 * wrong method, bad path or header, unsupported media type...). The detail names the method and
 * path (cut to a readable length) and the fix; it quotes nothing else of the request.
 */
public record HttpProblem(int status, String slug, String title, String detail) {

    /** The problem for {@code status}; {@code allow} is the {@code Allow} header of a 405, null otherwise. */
    public static HttpProblem of(int status, String method, String path, String allow) {
        String request = (method == null ? "" : method + " ") + (path == null ? "the request" : ProblemResponse.quoted(path));
        return switch (status) {
            case 400 -> new HttpProblem(status, "invalid-request", "Invalid request", request + " is malformed: the"
                    + " path, the query or a header holds a character or an encoding the server refuses (such as %00"
                    + " or an encoded backslash) or the request line is not valid HTTP; send plain,"
                    + " percent-encoded UTF-8 path segments");
            case 401 -> new HttpProblem(status, "token-missing", "Operator token needed", request + " needs the"
                    + " operator token: send Authorization: Bearer <token>, or sign in to the console at /sign-in");
            case 403 -> new HttpProblem(status, "forbidden", "Forbidden", request + " is not allowed to this"
                    + " client; see docs/security.md for who may do what");
            case 404 -> new HttpProblem(status, "route-not-found", "No such route", notFound(request, path));
            case 405 -> new HttpProblem(status, "method-not-allowed", "Method not allowed", request
                    + " is not allowed: " + (allow == null || allow.isBlank() ? "this path does not take " + method
                            : "use " + allow + " (the Allow header)"));
            case 406 -> new HttpProblem(status, "not-acceptable", "Not acceptable", request
                    + " cannot answer in the media type the Accept header asks for; accept application/json and"
                    + " application/problem+json");
            case 408 -> new HttpProblem(status, "request-timeout", "Request timeout", request
                    + " was not received in time; send the whole request at once");
            case 411 -> new HttpProblem(status, "length-required", "Length required", request
                    + " needs a Content-Length header");
            case 413 -> new HttpProblem(status, "request-too-large", "Request too large", request
                    + " is larger than the server accepts (playbatch.limits.request-bytes); send less");
            case 414, 431 -> new HttpProblem(status, "request-too-large", "Request too large", "the request line or"
                    + " its headers are larger than the server accepts (server.max-http-request-header-size); use a"
                    + " shorter path, query or header");
            case 415 -> new HttpProblem(status, "unsupported-media-type", "Unsupported media type", request
                    + " does not take a body of this Content-Type; send application/json (see /api/v1/openapi.json)");
            case 500 -> new HttpProblem(status, "internal-error", "Internal error", "the server could not complete "
                    + request + "; try again, and if it keeps failing the server log has the details");
            case 503 -> new HttpProblem(status, "unavailable", "Service unavailable", "the server cannot take "
                    + request + " now; try again later");
            default -> new HttpProblem(status, "http-" + status, "HTTP " + status, request + " was refused with"
                    + " status " + status + "; see /api/v1/openapi.json for the API's routes");
        };
    }

    private static String notFound(String request, String path) {
        if (path != null && path.startsWith("/api/v1/")) {
            return request + " is not part of the API; GET /api/v1/openapi.json lists every route";
        }
        return request + " is not a route of this server; the web console starts at /, the REST API at /api/v1"
                + " (GET /api/v1/openapi.json lists its routes)";
    }

    /** The JSON members of this problem, with {@code instance} (the request path) when not null. */
    public Map<String, Object> body(String instance) {
        return ProblemResponse.body(ProblemResponse.TYPES + slug, title, status, detail, instance);
    }

    /** This problem with another type and title, for an error whose kind is known better than by its status. */
    public HttpProblem as(String otherSlug, String otherTitle, String otherDetail) {
        return new HttpProblem(status, otherSlug, otherTitle, otherDetail);
    }
}
