package io.playbatch.schedule;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A row of {@code schedule}: one {@code schedules[]} entry of a registered playbook. Its id is
 * {@code <playbook path>#<position>} (position counts from 0 in file order). {@code activeSince} is
 * when it was installed or last resumed: ticks before it are never "missed".
 */
public record ScheduleRecord(String scheduleId, String playbookPath, int position, String cron, String quartzCron,
        String timezone, String missed, String overlap, Instant activeSince) {

    public static String id(String playbookPath, int position) {
        return playbookPath + "#" + position;
    }

    /** Quartz's parser for this schedule's expression in its time zone. */
    public CronExpression expression() {
        try {
            CronExpression expression = new CronExpression(quartzCron);
            expression.setTimeZone(TimeZone.getTimeZone(ZoneId.of(timezone)));
            return expression;
        } catch (ParseException e) {
            throw new IllegalStateException("schedule " + scheduleId + " has an invalid cron " + quartzCron, e);
        }
    }

    /** The nominal ticks in [{@code from}, {@code to}], oldest first, at most {@code limit} of them. */
    public List<Instant> ticks(Instant from, Instant to, int limit) {
        CronExpression expression = expression();
        List<Instant> ticks = new ArrayList<>();
        Date next = expression.getNextValidTimeAfter(Date.from(from.minusMillis(1)));
        while (next != null && !next.toInstant().isAfter(to) && ticks.size() < limit) {
            ticks.add(next.toInstant());
            next = expression.getNextValidTimeAfter(next);
        }
        return ticks;
    }

    /** The latest nominal tick in [{@code from}, {@code to}], if any. */
    public Optional<Instant> lastTick(Instant from, Instant to) {
        CronExpression expression = expression();
        Instant last = null;
        Date next = expression.getNextValidTimeAfter(Date.from(from.minusMillis(1)));
        while (next != null && !next.toInstant().isAfter(to)) {
            last = next.toInstant();
            next = expression.getNextValidTimeAfter(next);
        }
        return Optional.ofNullable(last);
    }
}
