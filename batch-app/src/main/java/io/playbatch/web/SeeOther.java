package io.playbatch.web;

import org.springframework.web.servlet.view.RedirectView;

/** The answer to a console POST: 303 See Other, so the browser GETs the page and a reload repeats nothing. */
final class SeeOther {

    private SeeOther() {
    }

    static RedirectView to(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setHttp10Compatible(false);
        return view;
    }
}
