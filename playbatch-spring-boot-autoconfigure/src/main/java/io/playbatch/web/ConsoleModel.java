package io.playbatch.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page's header needs: whether actions need the operator token, whether this
 * browser is signed in, the page's own address (where sign-in returns to), and the value formatter
 * {@code f} ({@link ConsoleFormat}).
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    private final ConsoleToken token;
    private final ConsoleFormat format;

    ConsoleModel(ConsoleToken token, ConsoleFormat format) {
        this.token = token;
        this.format = format;
    }

    @ModelAttribute
    void header(HttpServletRequest request, Model model) {
        model.addAttribute("f", format);
        model.addAttribute("tokenRequired", token.required());
        model.addAttribute("signedIn", token.signedIn(request));
        model.addAttribute("here", request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
    }
}
