package io.playbatch.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in form of the console ({@code GET /sign-in}). Its POST, and {@code POST /sign-out}, are
 * answered by {@link ConsoleAccessFilter}, which checks the token and sets or deletes the cookie.
 */
@Controller
class ConsoleSignInController {

    @GetMapping("/sign-in")
    String form(@RequestParam(defaultValue = "/executions") String next, @RequestParam(required = false) String failed,
            Model model) {
        model.addAttribute("next", ConsoleAccessFilter.local(next));
        model.addAttribute("failed", failed != null);
        return "sign-in";
    }
}
