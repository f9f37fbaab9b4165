package io.playbatch.web;

import org.springframework.http.HttpStatus;

/**
 * A console request that cannot be served, with what went wrong ({@code title}, {@code detail})
 * and how to fix it ({@code fix}); rendered by {@link ConsoleErrors} with {@code status}.
 */
public class ConsolePageException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final String fix;

    public ConsolePageException(HttpStatus status, String title, String detail, String fix) {
        super(detail);
        this.status = status;
        this.title = title;
        this.fix = fix;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String fix() {
        return fix;
    }
}
