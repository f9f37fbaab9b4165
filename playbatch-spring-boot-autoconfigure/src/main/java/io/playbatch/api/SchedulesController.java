package io.playbatch.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.playbatch.ids.IdCodec;
import io.playbatch.schedule.ScheduleService;
import io.playbatch.schedule.ScheduleView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/schedules}: the schedules of registered playbooks, and pause/resume, through
 * {@link ScheduleService} (Quartz's clustered store: a pause takes effect in every process). A
 * schedule id is {@code <playbook path>#<position>} (slashes and a {@code #}), so the detail route
 * takes the rest of the URL ({@code #} written {@code %23}) and the actions take the id in the body.
 */
@RestController
@RequestMapping("/api/v1/schedules")
@Tag(name = "schedules", description = "Schedules of registered playbooks: list, pause, resume")
class SchedulesController {

    private final ScheduleService schedules;

    SchedulesController(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @Schema(description = "A schedule: its definition, Quartz state, next tick and last fired tick.")
    record Schedule(@JsonProperty("schedule_id") String scheduleId, String playbook, String cron,
            @JsonProperty("quartz_cron") String quartzCron, String timezone, String missed, String overlap,
            @Schema(description = "Quartz trigger state: NORMAL, PAUSED, BLOCKED, ERROR") String state,
            @JsonProperty("next_fire_at") Instant nextFireAt, @JsonProperty("last_tick_at") Instant lastTickAt,
            @JsonProperty("last_outcome") String lastOutcome,
            @JsonProperty("last_execution_id") String lastExecutionId) {

        static Schedule of(ScheduleView s) {
            return new Schedule(s.scheduleId(), s.playbookPath(), s.cron(), s.quartzCron(), s.timezone(), s.missed(),
                    s.overlap(), s.state(), s.nextFireAt(), s.lastTickAt(), s.lastOutcome(),
                    IdCodec.format(s.lastExecutionId()));
        }
    }

    @Schema(description = "Which schedule to pause or resume.")
    record ScheduleAction(@JsonProperty("schedule_id") @Schema(description = "e.g. examples/scheduled#0",
            requiredMode = Schema.RequiredMode.REQUIRED) String scheduleId) {
    }

    @GetMapping
    @Operation(operationId = "listSchedules", summary = "Every schedule of every registered playbook, by playbook and position")
    List<Schedule> list() {
        return schedules.list().stream().map(Schedule::of).toList();
    }

    @GetMapping("/{*schedule_id}")
    @ProblemResponses(404)
    @Operation(operationId = "getSchedule", summary = "One schedule; its id is the rest of the URL, '#' written %23 (/api/v1/schedules/examples/scheduled%230)")
    Schedule get(@PathVariable("schedule_id") String scheduleId) {
        return Schedule.of(schedules.get(scheduleId.startsWith("/") ? scheduleId.substring(1) : scheduleId));
    }

    @PostMapping("/pause")
    @ProblemResponses({404, 415})
    @Operation(operationId = "pauseSchedule", summary = "Pause a schedule in every process until it is resumed (idempotent)")
    Schedule pause(@RequestBody ScheduleAction body) {
        return Schedule.of(schedules.pause(id(body)));
    }

    @PostMapping("/resume")
    @ProblemResponses({404, 415})
    @Operation(operationId = "resumeSchedule", summary = "Resume a schedule from its next tick; ticks that passed while paused never run (idempotent)")
    Schedule resume(@RequestBody ScheduleAction body) {
        return Schedule.of(schedules.resume(id(body)));
    }

    private static String id(ScheduleAction body) {
        if (body == null || body.scheduleId() == null || body.scheduleId().isBlank()) {
            throw new InvalidRequestException("schedule_id", "name the schedule, e.g. {\"schedule_id\":"
                    + " \"examples/scheduled#0\"}; GET /api/v1/schedules lists them");
        }
        return body.scheduleId();
    }
}
