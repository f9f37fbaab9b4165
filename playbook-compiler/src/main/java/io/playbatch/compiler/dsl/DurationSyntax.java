package io.playbatch.compiler.dsl;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DSL's duration syntax: a whole number and a unit, {@code ms}, {@code s}, {@code m},
 * {@code h} or {@code d} (for example {@code 500ms}, {@code 60s}, {@code 5m}). A duration too long
 * for {@link Duration} is no duration (empty), never an exception. Stateless.
 */
public final class DurationSyntax {

    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

    private DurationSyntax() {
    }

    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        } catch (ArithmeticException e) {
            return Optional.empty(); // more seconds than a long holds: the schema reports it (PB057)
        }
    }
}
