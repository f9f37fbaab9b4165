package io.playbatch.chunk;

/**
 * A chunk step's {@code args} cannot be built into a reader, processor or writer; the message
 * names the step and the argument and says what to write instead.
 */
public class ChunkConfigException extends RuntimeException {

    public ChunkConfigException(String message) {
        super(message);
    }

    public ChunkConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
