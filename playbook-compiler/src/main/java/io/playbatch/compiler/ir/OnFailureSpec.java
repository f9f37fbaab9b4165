package io.playbatch.compiler.ir;

/**
 * A step's {@code on_failure}: the handler step to run when the step fails after its retries, and
 * whether the run then continues ({@code then: continue}) or ends FAILED ({@code then: fail}).
 */
public record OnFailureSpec(String step, boolean continueRun) {
}
