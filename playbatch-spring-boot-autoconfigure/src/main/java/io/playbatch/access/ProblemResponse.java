package io.playbatch.access;

import io.playbatch.json.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes an RFC 9457 problem ({@code application/problem+json}) from a filter, before any controller runs. */
final class ProblemResponse {

    static final String TYPES = "https://playbatch.io/problems/";
    static final String MEDIA_TYPE = "application/problem+json";

    /** A path quoted in a problem is cut here: a client that sent 20 KB of path does not need it back. */
    private static final int MAX_QUOTED = 200;

    private ProblemResponse() {
    }

    static void write(JsonCodec json, HttpServletRequest request, HttpServletResponse response, int status,
            String type, String title, String detail) throws IOException {
        byte[] bytes = json.write(body(type, title, status, detail, request.getRequestURI()))
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        // A known length lets the client read the whole answer even while the server still swallows a body.
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The members of a problem; {@code instance}, the request path, is cut to a readable length. */
    static Map<String, Object> body(String type, String title, int status, String detail, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", quoted(instance));
        }
        return problem;
    }

    /** {@code text} cut to a length fit to quote back in a problem. */
    static String quoted(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...";
    }
}
