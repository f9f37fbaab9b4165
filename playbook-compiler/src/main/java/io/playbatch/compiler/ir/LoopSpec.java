package io.playbatch.compiler.ir;

/**
 * A step's {@code loop}: the template {@code over} that renders to a list, the name {@code as}
 * each element is bound to, and how iterations run. {@code maxParallel} is 1 for sequential loops.
 */
public record LoopSpec(String over, String as, Mode mode, int maxParallel) {

    public enum Mode { PARALLEL, SEQUENTIAL }
}
