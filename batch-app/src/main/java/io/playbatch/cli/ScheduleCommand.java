package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.schedule.ScheduleService;
import io.playbatch.schedule.ScheduleView;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code playbatch schedule list | pause | resume | backfill}: the schedule verbs of
 * {@link ScheduleService}. Pause and resume take effect in every {@code serve} process sharing the database.
 */
@Command(name = "schedule", description = "List, pause, resume and backfill the schedules of registered playbooks.",
        subcommands = {ScheduleCommand.ListSchedules.class, ScheduleCommand.Pause.class, ScheduleCommand.Resume.class,
                ScheduleCommand.Backfill.class})
class ScheduleCommand extends VerbGroup {

    static Map<String, Object> toJson(ScheduleView s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schedule_id", s.scheduleId());
        json.put("playbook", s.playbookPath());
        json.put("cron", s.cron());
        json.put("quartz_cron", s.quartzCron());
        json.put("timezone", s.timezone());
        json.put("missed", s.missed());
        json.put("overlap", s.overlap());
        json.put("state", s.state());
        json.put("next_fire_at", s.nextFireAt() == null ? null : s.nextFireAt().toString());
        json.put("last_tick_at", s.lastTickAt() == null ? null : s.lastTickAt().toString());
        json.put("last_outcome", s.lastOutcome());
        json.put("last_execution_id", IdCodec.format(s.lastExecutionId()));
        return json;
    }

    /** Connects to the server or the database, applies {@code verb} and prints the schedules it returns. */
    static int show(CommandSpec spec, ServerOptions server, DatabaseOptions database, boolean json,
            Function<OperatorConnection, List<ScheduleView>> verb, String emptyText) {
        try (OperatorConnection connection = OperatorConnection.open(server, database)) {
            List<ScheduleView> schedules = verb.apply(connection);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(new JsonCodec().writePretty(schedules.stream().map(ScheduleCommand::toJson).toList()));
            } else if (schedules.isEmpty()) {
                out.println(emptyText);
            } else {
                out.printf("%-40s %-8s %-22s %-16s %-26s %s%n", "SCHEDULE", "STATE", "CRON", "TIMEZONE", "NEXT", "LAST");
                for (ScheduleView s : schedules) {
                    out.printf("%-40s %-8s %-22s %-16s %-26s %s%n", s.scheduleId(), s.state(), s.cron(), s.timezone(),
                            s.nextFireAt() == null ? "-" : s.nextFireAt(), s.lastTickAt() == null ? "-"
                                    : s.lastTickAt() + " " + s.lastOutcome()
                                            + (s.lastExecutionId() == null ? "" : " (execution " + s.lastExecutionId() + ")"));
                }
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    @Command(name = "list", description = "List every schedule with its state, next tick and last tick.")
    static class ListSchedules implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;
        @Mixin
        ServerOptions server;
        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            return show(spec, server, database, json, OperatorConnection::schedules,
                    "No schedules. Add `schedules:` to a playbook and register it: playbatch register FILE");
        }
    }

    /** A verb on one schedule that prints the schedule as it is afterwards. */
    abstract static class OneSchedule implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "SCHEDULE", description = "Schedule id, <playbook path>#<position>.")
        String scheduleId;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;
        @Mixin
        ServerOptions server;
        @Mixin
        DatabaseOptions database;

        abstract ScheduleView apply(OperatorConnection connection, String scheduleId);

        @Override
        public Integer call() {
            return show(spec, server, database, json, connection -> List.of(apply(connection, scheduleId)), "");
        }
    }

    @Command(name = "pause", description = "Pause a schedule (every serve process stops firing it).")
    static class Pause extends OneSchedule {
        @Override
        ScheduleView apply(OperatorConnection connection, String scheduleId) {
            return connection.pauseSchedule(scheduleId);
        }
    }

    @Command(name = "resume", description = "Resume a paused schedule from its next tick (ticks passed while paused are not run).")
    static class Resume extends OneSchedule {
        @Override
        ScheduleView apply(OperatorConnection connection, String scheduleId) {
            return connection.resumeSchedule(scheduleId);
        }
    }

    @Command(name = "backfill", description = "Run the playbook once for every tick of the schedule in [--from, --to], one after the other, in this process.")
    static class Backfill implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "SCHEDULE", description = "Schedule id, <playbook path>#<position>.")
        String scheduleId;
        @Option(names = "--from", required = true, paramLabel = "TIME",
                description = "First tick (inclusive), ISO-8601: 2026-11-01T06:00:00Z, with an offset, or local date(-time) in the schedule's time zone.")
        String from;
        @Option(names = "--to", required = true, paramLabel = "TIME", description = "Last tick (inclusive), as --from.")
        String to;
        @Option(names = "--only-missing", description = "Skip ticks that already have a run.")
        boolean onlyMissing;
        @Option(names = "--json", description = "Print the ticks as JSON at the end (progress lines go to stderr).")
        boolean json;
        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() throws InterruptedException {
            // Backfilled runs are managed by this process: it keeps a worker so their tasks run even with no server.
            try (ConfigurableApplicationContext context = ApplicationContexts.open(database, Map.of())) {
                ScheduleService service = context.getBean(ScheduleService.class);
                ZoneId zone = ZoneId.of(service.get(scheduleId).timezone());
                Instant start = time("--from", from, zone);
                Instant end = time("--to", to, zone);
                if (end.isBefore(start)) {
                    throw new UsageException("--to " + to + " is before --from " + from);
                }
                var progress = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
                List<ScheduleService.BackfillStep> steps = new ArrayList<>();
                try {
                    steps.addAll(service.backfill(scheduleId, start, end, onlyMissing, step -> {
                        progress.println("[" + step.number() + "/" + step.total() + "] tick " + step.tickAt() + ": "
                                + ("present".equals(step.outcome()) ? "already has a run, skipped"
                                        : step.outcome() + (step.executionId() == null ? "" : " execution "
                                                + step.executionId() + " " + step.status()))
                                + (step.message() == null ? "" : " (" + step.message() + ")"));
                        progress.flush();
                    }));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                var out = spec.commandLine().getOut();
                if (json) {
                    out.println(new JsonCodec().writePretty(steps.stream().map(Backfill::toJson).toList()));
                } else {
                    long ran = steps.stream().filter(s -> s.executionId() != null).count();
                    out.println("Backfill of " + scheduleId + ": " + steps.size() + " tick(s), " + ran + " run(s) started.");
                }
                out.flush();
                boolean allCompleted = steps.stream().allMatch(s -> s.executionId() == null
                        ? !"failed".equals(s.outcome()) : "COMPLETED".equals(s.status()));
                return allCompleted ? ExitCodes.OK : ExitCodes.RUN_FAILED;
            }
        }

        private static Map<String, Object> toJson(ScheduleService.BackfillStep step) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("tick_at", step.tickAt().toString());
            json.put("outcome", step.outcome());
            json.put("execution_id", IdCodec.format(step.executionId()));
            json.put("status", step.status());
            json.put("message", step.message());
            return json;
        }

        static Instant time(String option, String text, ZoneId zone) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException notWithOffset) {
                try {
                    return LocalDateTime.parse(text).atZone(zone).toInstant();
                } catch (DateTimeException notLocalDateTime) {
                    try {
                        return LocalDate.parse(text).atStartOfDay(zone).toInstant();
                    } catch (DateTimeException notADate) {
                        throw new UsageException(option + " " + text + " is not an ISO-8601 time; write for example"
                                + " 2026-11-01T06:00:00Z, 2026-11-01T07:00:00+01:00 or 2026-11-01 (in the schedule's time zone)");
                    }
                }
            }
        }
    }
}
