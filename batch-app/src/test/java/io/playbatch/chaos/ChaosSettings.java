package io.playbatch.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The scale and timing of a chaos matrix, read from {@code CHAOS_*} environment variables
 * (docs/operations.md, "Chaos matrix"); every experiment scales its item counts from {@code items}.
 *
 * @param items items of the loop that a kill or PostgreSQL fault hits (the 2,000)
 * @param serveItems items of the loop whose {@code serve} manager is killed (the 10,000)
 * @param pgItems items of the loop that PostgreSQL faults hit (the 3,000)
 * @param starts simultaneous starts over REST and over MCP
 * @param itemDelay how long the counting server takes to answer one item
 * @param maxParallel the loop's {@code max_parallel}
 * @param staleAfter the children's {@code playbatch.recovery.stale-after}
 * @param settle how long after the stale-after a run may take to be resumed before its state is taken as final
 * @param timeout the longest an experiment waits for its run to end
 * @param startup the longest it waits for a child to start (a {@code serve} to answer, a run to be recorded)
 * @param terminateFor how long {@code pg-terminate} terminates backends
 * @param terminateEvery how often it does
 * @param shortDowntime the downtime of {@code pg-restart-short}
 * @param longDowntime the downtime of {@code pg-restart-long}
 */
record ChaosSettings(int items, int serveItems, int pgItems, int starts, Duration itemDelay, int maxParallel,
        Duration staleAfter, Duration settle, Duration timeout, Duration startup, Duration terminateFor, Duration terminateEvery,
        Duration shortDowntime, Duration longDowntime) {

    /** The matrix at full scale, each value replaced by its {@code CHAOS_*} variable when set. */
    static ChaosSettings fromEnvironment(Map<String, String> env) {
        Function<String, String> get = env::get;
        return new ChaosSettings(
                integer(get, "CHAOS_ITEMS", 2000),
                integer(get, "CHAOS_SERVE_ITEMS", 10000),
                integer(get, "CHAOS_PG_ITEMS", 3000),
                integer(get, "CHAOS_STARTS", 200),
                millis(get, "CHAOS_ITEM_MS", 100),
                integer(get, "CHAOS_MAX_PARALLEL", 8),
                seconds(get, "CHAOS_STALE_AFTER", 5),
                seconds(get, "CHAOS_SETTLE", 30),
                seconds(get, "CHAOS_TIMEOUT", 600),
                seconds(get, "CHAOS_STARTUP", 300),
                seconds(get, "CHAOS_TERMINATE_SECONDS", 30),
                millis(get, "CHAOS_TERMINATE_EVERY_MS", 2000),
                seconds(get, "CHAOS_SHORT_DOWNTIME", 2),
                seconds(get, "CHAOS_LONG_DOWNTIME", 30));
    }

    private static int integer(Function<String, String> env, String name, int otherwise) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }

    private static Duration seconds(Function<String, String> env, String name, int otherwise) {
        return Duration.ofSeconds(integer(env, name, otherwise));
    }

    private static Duration millis(Function<String, String> env, String name, int otherwise) {
        return Duration.ofMillis(integer(env, name, otherwise));
    }
}
