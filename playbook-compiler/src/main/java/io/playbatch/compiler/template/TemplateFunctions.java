package io.playbatch.compiler.template;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/**
 * The value a template reaches as {@code $fn}: the {@link TemplateHelper}s and nothing else. It has
 * no public method for Velocity to find; {@link SandboxUberspector} dispatches a call on it by the
 * helper's name, so {@code $fn.getClass()} and every other name is refused. None of the helpers
 * reads a file, the environment, a class or a thread: {@code json} writes the text {@code json}
 * gives (the caller decides how values become JSON), {@code default} picks one of its arguments,
 * {@code now} reads {@code clock}. Immutable and thread-safe.
 */
public final class TemplateFunctions {

    /** ISO-8601 in UTC with milliseconds, always the same length: {@code 2026-12-06T00:10:00.123Z}. */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Function<Object, String> json;
    private final Clock clock;

    /**
     * @param json  the JSON text of a template value (a map, a list, a string, a number, a boolean or null)
     * @param clock what {@code $fn.now()} reads
     */
    public TemplateFunctions(Function<Object, String> json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    Object call(TemplateHelper helper, Object[] args) {
        return switch (helper) {
            case JSON -> json.apply(args[0]);
            case DEFAULT -> args[0] == null ? args[1] : args[0];
            case NOW -> TIMESTAMP.format(clock.instant());
        };
    }

    /** Written as itself when a template inserts {@code $fn}, never as Java's identity text. */
    @Override
    public String toString() {
        return "$fn";
    }
}
