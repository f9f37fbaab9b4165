package io.playbatch.access;

import io.playbatch.json.JsonCodec;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes an RFC 9457 problem ({@code application/problem+json}) from a filter, before any controller runs. */
final class ProblemResponse {

    static final String TYPES = "https://playbatch.io/problems/";

    private ProblemResponse() {
    }

    static void write(JsonCodec json, HttpServletRequest request, HttpServletResponse response, int status,
            String type, String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.write(problem));
    }
}
