package io.playbatch.compiler.diag;

/**
 * One problem found in a playbook: a stable code (for example {@code PB012}), a short name
 * ({@code unknown-step-reference}), a one-line message, the exact position and a hint that says
 * how to fix it. Immutable.
 */
public record Diagnostic(String code, String name, Severity severity, String message, SourcePosition position,
        String hint) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column: error PB012 unknown-step-reference: message (hint: ...)} */
    public String format() {
        StringBuilder line = new StringBuilder()
                .append(position).append(": ")
                .append(severity.name().toLowerCase()).append(' ')
                .append(code).append(' ').append(name).append(": ")
                .append(message);
        if (hint != null && !hint.isBlank()) {
            line.append(" (hint: ").append(hint).append(')');
        }
        return line.toString();
    }
}
