package io.playbatch.compiler.ir;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.TreeSet;
import org.quartz.CronExpression;

/**
 * The two cron dialects a schedule may use, turned into the Quartz expression that runs it: five
 * fields are standard Unix cron (minute precision: {@code minute hour day-of-month month
 * day-of-week}, Sunday 0 or 7), six or seven fields are Quartz's own syntax with seconds first.
 * Parsing is Quartz's, so an expression accepted here is one the scheduler accepts. Stateless.
 */
public final class CronSyntax {

    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

    private CronSyntax() {
    }

    /**
     * The Quartz expression of {@code cron}.
     *
     * @throws IllegalArgumentException with a message that says what is wrong, when it is not a
     *         cron expression of either dialect or can never fire
     */
    public static String toQuartz(String cron) {
        String[] fields = cron.trim().split("\\s+");
        String quartz;
        if (fields.length == 5) {
            quartz = fromUnix(fields);
        } else if (fields.length == 6 || fields.length == 7) {
            quartz = String.join(" ", fields);
        } else {
            throw new IllegalArgumentException("has " + fields.length + " fields; write 5 (Unix cron) or 6-7 (Quartz, seconds first)");
        }
        CronExpression expression;
        try {
            expression = new CronExpression(quartz);
        } catch (ParseException e) {
            throw new IllegalArgumentException("is not valid" + (fields.length == 5 ? " (as Quartz `" + quartz + "`)" : "")
                    + ": " + e.getMessage());
        }
        expression.setTimeZone(TimeZone.getTimeZone("UTC"));
        // Quartz accepts expressions such as 30 February that never come; a schedule that never fires is a mistake.
        if (expression.getNextValidTimeAfter(new Date()) == null) {
            throw new IllegalArgumentException("never fires");
        }
        return quartz;
    }

    private static String fromUnix(String[] f) {
        for (String field : f) {
            if (field.contains("#") || field.contains("?")) {
                throw new IllegalArgumentException("field `" + field + "` is not Unix cron syntax; `#` and `?`"
                        + " need the six-field Quartz form (seconds first)");
            }
        }
        boolean anyDayOfMonth = f[2].equals("*");
        boolean anyDayOfWeek = f[4].equals("*");
        if (!anyDayOfMonth && !anyDayOfWeek) {
            // Unix cron runs when either field matches; Quartz cannot say that in one expression.
            throw new IllegalArgumentException("restricts both day-of-month and day-of-week; keep one of them `*`,"
                    + " or write two schedules");
        }
        String dayOfMonth = anyDayOfWeek ? f[2] : "?";
        String dayOfWeek = anyDayOfWeek ? "?" : dayNames(f[4]);
        return "0 " + f[0] + " " + f[1] + " " + dayOfMonth + " " + f[3] + " " + dayOfWeek;
    }

    /** A Unix day-of-week field (0-7, names, ranges, steps) as an explicit list of Quartz day names. */
    private static String dayNames(String field) {
        TreeSet<Integer> days = new TreeSet<>();
        for (String part : field.split(",")) {
            String[] stepped = part.split("/", -1);
            if (stepped.length > 2) {
                throw new IllegalArgumentException("day-of-week `" + part + "` has more than one `/`");
            }
            int step = stepped.length == 2 ? number(stepped[1], "step") : 1;
            int from;
            int to;
            if (stepped[0].equals("*")) {
                from = 0;
                to = 6;
            } else if (stepped[0].contains("-")) {
                String[] range = stepped[0].split("-", -1);
                if (range.length != 2) {
                    throw new IllegalArgumentException("day-of-week `" + part + "` is not a range such as 1-5");
                }
                from = day(range[0]);
                to = day(range[1]);
                if (to == 0) {
                    to = 7;
                }
            } else {
                from = day(stepped[0]);
                to = stepped.length == 2 ? 6 : from;
            }
            if (step < 1 || to < from) {
                throw new IllegalArgumentException("day-of-week `" + part + "` is empty");
            }
            for (int d = from; d <= to; d += step) {
                days.add(d % 7);
            }
        }
        List<String> names = new ArrayList<>();
        days.forEach(d -> names.add(DAYS[d]));
        return String.join(",", names);
    }

    private static int day(String text) {
        for (int d = 0; d < 7; d++) {
            if (DAYS[d].equalsIgnoreCase(text)) {
                return d;
            }
        }
        int day = number(text, "day-of-week");
        if (day > 7) {
            throw new IllegalArgumentException("day-of-week " + day + " is out of range 0-7 (0 and 7 are Sunday)");
        }
        return day;
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " `" + text.toLowerCase(Locale.ROOT) + "` is not a number");
        }
    }
}
