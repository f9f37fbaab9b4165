package io.playbatch.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Sign-in to the console with the operator token ({@code PLAYBATCH_API_TOKEN}): the form stores it
 * in an HttpOnly, SameSite=Strict cookie (see {@link ConsoleToken}); sign-out deletes the cookie.
 * After sign-in the browser returns to the console page it came from (local paths only).
 */
@Controller
class SignInController {

    private final ConsoleToken token;

    SignInController(ConsoleToken token) {
        this.token = token;
    }

    @GetMapping("/sign-in")
    String form(@RequestParam(defaultValue = "/executions") String next, Model model) {
        model.addAttribute("next", local(next));
        return "sign-in";
    }

    @PostMapping("/sign-in")
    Object signIn(@RequestParam(defaultValue = "") String operatorToken,
            @RequestParam(defaultValue = "/executions") String next, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        if (!token.required()) {
            return SeeOther.to(local(next));
        }
        if (!token.matches(operatorToken)) {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            model.addAttribute("next", local(next));
            model.addAttribute("failed", true);
            return "sign-in";
        }
        response.addHeader(HttpHeaders.SET_COOKIE, token.cookieFor(operatorToken, request.isSecure()).toString());
        return SeeOther.to(local(next));
    }

    @PostMapping("/sign-out")
    RedirectView signOut(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, token.cookieFor(null, request.isSecure()).toString());
        return SeeOther.to("/executions");
    }

    /** Only a path of this console: never an absolute or protocol-relative URL (no open redirect). */
    private static String local(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")
                ? next : "/executions";
    }
}
