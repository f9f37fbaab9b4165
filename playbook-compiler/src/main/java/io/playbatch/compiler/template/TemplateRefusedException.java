package io.playbatch.compiler.template;

import org.apache.velocity.exception.VelocityException;

/**
 * The sandbox refused a template while rendering it: a method or property outside the allowlist,
 * a refused directive, or a limit. The message says what, where in the template, and how to fix
 * it; it names no Java class beyond the kind of value. It is a {@link VelocityException} so that
 * Velocity passes it through untouched and any caller that handles rendering failures handles it.
 */
public class TemplateRefusedException extends VelocityException {

    public TemplateRefusedException(String message) {
        super(message);
    }
}
