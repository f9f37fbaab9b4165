package io.playbatch.compiler.diag;

/**
 * One problem found in a playbook: a stable code (for example {@code PB012}), a short name
 * ({@code unknown-step-reference}), a one-line message, the exact position, a hint that says
 * how to fix it and, for a v1 form, the {@code doc} that shows the v2 form in full (a
 * {@code docs/migration.md} anchor; null otherwise). Immutable.
 */
public record Diagnostic(String code, String name, Severity severity, String message, SourcePosition position,
        String hint, String doc) {

    public enum Severity { ERROR, WARNING }

    /** A diagnostic without a documentation link. */
    public Diagnostic(String code, String name, Severity severity, String message, SourcePosition position,
            String hint) {
        this(code, name, severity, message, position, hint, null);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The same diagnostic pointing at another page or anchor, for a code whose forms have one section each. */
    public Diagnostic withDoc(String otherDoc) {
        return new Diagnostic(code, name, severity, message, position, hint, otherDoc);
    }

    /** {@code file:line:column: error PB012 unknown-step-reference: message (hint: ...) (see docs/...)} */
    public String format() {
        StringBuilder line = new StringBuilder()
                .append(position).append(": ")
                .append(severity.name().toLowerCase()).append(' ')
                .append(code).append(' ').append(name).append(": ")
                .append(message);
        if (hint != null && !hint.isBlank()) {
            line.append(" (hint: ").append(hint).append(')');
        }
        if (doc != null) {
            line.append(" (see ").append(doc).append(')');
        }
        return line.toString();
    }
}
