package io.playbatch.render;

/**
 * A template could not be rendered: the message names the playbook, the step, the field path and
 * what is wrong (for example the undefined reference), so an operator knows what to fix.
 */
public class RenderException extends RuntimeException {

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
