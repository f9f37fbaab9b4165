package io.playbatch.api;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Any {@code /api/v1} path no other controller maps: a 404 problem that points to the OpenAPI
 * description, instead of the servlet container's error page (a client of the API parses
 * problem details, not HTML). Spring MVC prefers every more specific mapping to this one.
 */
@Hidden
@RestController
class UnknownRouteController {

    @RequestMapping("/api/v1/**")
    void unknown(HttpServletRequest request) {
        throw new NotFoundException("route-not-found", "No such API route", request.getMethod() + " "
                + request.getRequestURI() + " is not part of the API; GET /api/v1/openapi.json lists every route");
    }
}
