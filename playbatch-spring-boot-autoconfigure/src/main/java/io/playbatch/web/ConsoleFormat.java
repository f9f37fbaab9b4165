package io.playbatch.web;

import io.playbatch.json.JsonCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * How the console writes values, available to every console template as {@code f}: times in UTC,
 * durations in ms/s/min, JSON pretty-printed as stored (secret references stay references), and the CSS
 * class of a status. Stateless.
 */
@Component
public class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final JsonCodec json = new JsonCodec();

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    public String duration(Long millis) {
        if (millis == null) {
            return "";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
        }
        return String.format(Locale.ROOT, "%d min %d s", millis / 60_000, (millis % 60_000) / 1000);
    }

    /** The time from {@code start} to {@code end} (empty while either is missing): an execution's duration. */
    public String between(Instant start, Instant end) {
        return start == null || end == null ? "" : duration(Duration.between(start, end).toMillis());
    }

    /** A double duration (statistics) in the same units. */
    public String durationOf(Double millis) {
        return millis == null ? "" : duration(Math.round(millis));
    }

    public String json(Object value) {
        return value == null ? "" : json.writePretty(value);
    }

    /** The message of an error object ({@code {type, message}}), or its JSON. */
    public String errorMessage(Object error) {
        if (error == null) {
            return "";
        }
        if (error instanceof Map<?, ?> map && map.get("message") != null) {
            Object type = map.get("type");
            return (type == null ? "" : type + ": ") + map.get("message");
        }
        return json.write(error);
    }

    /** {@code status-completed}, {@code status-failed}, ...: the colour of a status badge or bar. */
    public String statusClass(String status) {
        return "status-" + (status == null ? "unknown" : status.toLowerCase(Locale.ROOT));
    }

    /** Whether a status is one an execution is still running in (its page then refreshes itself). */
    public boolean running(String status) {
        return "STARTING".equals(status) || "STARTED".equals(status) || "STOPPING".equals(status);
    }
}
