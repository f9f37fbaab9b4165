package io.playbatch.runtime;

/**
 * A step's task ended with an error envelope; thrown from the step so Spring Batch marks the step
 * FAILED with this message as its exit description.
 */
public class StepTaskFailedException extends RuntimeException {

    public StepTaskFailedException(String message) {
        super(message);
    }
}
