package io.playbatch.compiler.template;

/**
 * One thing a template does that the {@link TemplatePolicy} or the {@link TemplateLimits} refuse,
 * at a 1-based {@code line} and {@code column} of the template text: {@code message} says what is
 * wrong, {@code hint} how to fix it. Immutable.
 */
public record TemplateViolation(Kind kind, String message, String hint, int line, int column) {

    /** What is refused; {@code validate} reports each kind with its own diagnostic code. */
    public enum Kind {
        /** A method, or a property read through a getter, outside the allowlist (PB050). */
        METHOD,
        /** {@code #evaluate}, {@code #include}, {@code #parse}, {@code #define}, a macro (PB051). */
        DIRECTIVE,
        /** Directives or brackets nested deeper than {@link TemplateLimits#depth()} (PB052). */
        DEPTH
    }

    /** This violation as the exception the renderer throws. */
    public TemplateRefusedException refusal() {
        return new TemplateRefusedException(message + " (line " + line + ", column " + column + "); " + hint);
    }
}
