package io.playbatch.chunk;

import java.util.Map;

/**
 * The sizes of a chunk step, fixed when the job is assembled: {@code chunk_size} items per
 * transaction (default 100; also the page size of a sql reader), {@code skip_limit} items that may
 * fail reading, processing or writing before the step fails (default 0) and {@code retry_limit}
 * retries of a failed chunk on a transient database error (default 0).
 */
public record ChunkSettings(int chunkSize, long skipLimit, long retryLimit) {

    public static final int DEFAULT_CHUNK_SIZE = 100;

    /** Reads the settings from a chunk step's raw args; a non-integer or out-of-range value names the step. */
    public static ChunkSettings of(String step, Map<String, Object> args) {
        int chunkSize = (int) integer(step, args, "chunk_size", DEFAULT_CHUNK_SIZE, 1);
        return new ChunkSettings(chunkSize, integer(step, args, "skip_limit", 0, 0),
                integer(step, args, "retry_limit", 0, 0));
    }

    private static long integer(String step, Map<String, Object> args, String name, long fallback, long min) {
        Object value = args.get(name);
        if (value == null) {
            return fallback;
        }
        long parsed;
        if (value instanceof Integer || value instanceof Long) {
            parsed = ((Number) value).longValue();
        } else {
            try {
                parsed = Long.parseLong(String.valueOf(value).trim());
            } catch (NumberFormatException e) {
                throw new ChunkConfigException("chunk step " + step + ": `" + name + "` must be a whole number, not '"
                        + value + "' (it sizes the step when the job is built, so it cannot be a template)");
            }
        }
        if (parsed < min || parsed > Integer.MAX_VALUE) {
            throw new ChunkConfigException("chunk step " + step + ": `" + name + "` must be between " + min + " and "
                    + Integer.MAX_VALUE + ", not " + parsed);
        }
        return parsed;
    }
}
