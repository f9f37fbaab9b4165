package io.playbatch.compiler.template;

/**
 * The bounds a template renders within (docs/security.md#limits): {@code depth} is the deepest
 * nesting of directives and brackets ({@code playbatch.limits.template-depth}), checked before
 * Velocity's recursive parser sees the text; {@code renderedBytes} the most UTF-8 bytes one
 * rendered string, or one string a template builds, may hold ({@code playbatch.limits.rendered-bytes});
 * {@code foreachIterations} the most items one {@code #foreach} may visit
 * ({@code playbatch.limits.foreach-iterations}). Immutable.
 */
public record TemplateLimits(int depth, long renderedBytes, int foreachIterations) {

    /** Deep enough for any hand-written template, far below what exhausts a thread's stack in the parser. */
    public static final int DEFAULT_DEPTH = 50;

    /**
     * The most {@code depth} may be raised to: a template this deep parses and renders on a 512 KiB
     * thread stack, half the JVM's default, whatever the JIT has compiled by then, so no setting lets
     * Velocity's recursive parser or renderer overflow. (It was 200, until a run with the JIT's first
     * tier only overflowed 512 KiB at that depth: how much stack a parser frame takes depends on which
     * tier compiled it, and 100 keeps a margin of two for the worst.)
     */
    public static final int MAX_DEPTH = 100;

    /** 1 MiB: a rendered string becomes a task argument stored in the ledger and logged. */
    public static final long DEFAULT_RENDERED_BYTES = 1024 * 1024;

    /** More items than a template reasonably formats; bigger lists belong to a loop step or a chunk step. */
    public static final int DEFAULT_FOREACH_ITERATIONS = 10_000;

    public TemplateLimits {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("playbatch.limits.template-depth is " + depth + ", above the most a"
                    + " template can nest safely (" + MAX_DEPTH + "): set it to " + MAX_DEPTH + " or less");
        }
        if (depth < 1 || renderedBytes < 1 || foreachIterations < 1) {
            throw new IllegalArgumentException("template limits must be positive: depth " + depth
                    + ", rendered bytes " + renderedBytes + ", foreach iterations " + foreachIterations);
        }
    }

    public static TemplateLimits defaults() {
        return new TemplateLimits(DEFAULT_DEPTH, DEFAULT_RENDERED_BYTES, DEFAULT_FOREACH_ITERATIONS);
    }

    public TemplateLimits withDepth(int newDepth) {
        return new TemplateLimits(newDepth, renderedBytes, foreachIterations);
    }
}
