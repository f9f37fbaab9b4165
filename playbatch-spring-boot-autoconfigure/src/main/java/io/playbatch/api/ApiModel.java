package io.playbatch.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.playbatch.catalog.RegisteredPlaybook;
import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.ids.IdCodec;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.operate.RunHandle;
import io.playbatch.report.ExecutionDetail;
import io.playbatch.report.ExecutionPage;
import io.playbatch.report.PartitionReport;
import io.playbatch.report.PlaybookRevisionReport;
import io.playbatch.report.PlaybookSummary;
import io.playbatch.report.RunResume;
import io.playbatch.report.StepReport;
import io.playbatch.report.StepStatistics;
import io.playbatch.report.StepTask;
import io.playbatch.report.TimelineSpan;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON documents of the REST API (docs/architecture.md#identifiers-and-runs): snake_case fields, every 64-bit id a decimal
 * string (through {@link IdCodec}), times ISO-8601 instants. Each record is built from a read model
 * of {@code io.playbatch.report} (or a {@code RunHandle} or record of {@code operate}) by its {@code of} method; nothing here queries anything.
 */
final class ApiModel {

    private ApiModel() {
    }

    @Schema(description = "One execution (one attempt at a run).")
    record Execution(@JsonProperty("execution_id") String executionId, @JsonProperty("run_id") String runId,
            String playbook, String revision, String status,
            @JsonProperty("restart_of") String restartOf, @JsonProperty("replay_of") String replayOf,
            @JsonProperty("parent_execution_id") String parentExecutionId,
            @JsonProperty("parent_event_id") String parentEventId,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("ended_at") Instant endedAt, Object result, Object error) {

        static Execution of(ExecutionRecord e) {
            return new Execution(IdCodec.format(e.executionId()), IdCodec.format(e.runId()), e.playbookPath(),
                    e.playbookRevision(), e.status(), IdCodec.format(e.restartOf()), IdCodec.format(e.replayOf()),
                    IdCodec.format(e.parentExecutionId()), IdCodec.format(e.parentEventId()), e.createdAt(),
                    e.startedAt(), e.endedAt(), e.result(), e.error());
        }
    }

    @Schema(description = "A page of executions, newest first; has_more says whether a next page exists"
            + " (its offset is offset + executions.length).")
    record ExecutionList(List<Execution> executions, int limit, int offset, @JsonProperty("has_more") boolean hasMore,
            @JsonProperty("next_offset") Integer nextOffset) {

        static ExecutionList of(ExecutionPage page) {
            return new ExecutionList(page.executions().stream().map(Execution::of).toList(), page.limit(),
                    page.offset(), page.hasMore(), page.hasMore() ? page.offset() + page.executions().size() : null);
        }
    }

    @Schema(name = "ExecutionDetail",
            description = "An execution with its labels, Spring Batch exit status, its run's executions and its children.")
    record ExecutionDetailJson(@JsonProperty("execution_id") String executionId, @JsonProperty("run_id") String runId,
            String playbook, String revision, String status, Map<String, String> labels,
            @JsonProperty("restart_of") String restartOf, @JsonProperty("replay_of") String replayOf,
            @JsonProperty("parent_execution_id") String parentExecutionId,
            @JsonProperty("parent_event_id") String parentEventId,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("ended_at") Instant endedAt, @JsonProperty("duration_ms") Long durationMs,
            @JsonProperty("exit_code") String exitCode, @JsonProperty("exit_message") String exitMessage,
            Object result, Object error,
            @JsonProperty("run_execution_ids") List<String> runExecutionIds,
            @JsonProperty("child_execution_ids") List<String> childExecutionIds, List<Resume> resumes) {

        static ExecutionDetailJson of(ExecutionDetail d) {
            ExecutionRecord e = d.execution();
            return new ExecutionDetailJson(IdCodec.format(e.executionId()), IdCodec.format(e.runId()),
                    e.playbookPath(), e.playbookRevision(), e.status(), d.labels(), IdCodec.format(e.restartOf()),
                    IdCodec.format(e.replayOf()), IdCodec.format(e.parentExecutionId()),
                    IdCodec.format(e.parentEventId()), e.createdAt(), e.startedAt(), e.endedAt(), d.durationMs(),
                    d.exitCode(), d.exitMessage(), e.result(), e.error(), ids(d.runExecutionIds()),
                    ids(d.childExecutionIds()), d.resumes().stream().map(Resume::of).toList());
        }
    }

    @Schema(description = "An automatic resume of the run (its execution_resumed event): the execution whose manager"
            + " died, the execution that took over, both managers, and the resume's number in the run (1 for the first).")
    record Resume(@JsonProperty("dead_execution_id") String deadExecutionId,
            @JsonProperty("execution_id") String executionId, @JsonProperty("dead_manager_id") String deadManagerId,
            @JsonProperty("new_manager_id") String newManagerId, int resume, Instant at) {

        static Resume of(RunResume r) {
            return new Resume(IdCodec.format(r.deadExecutionId()), IdCodec.format(r.executionId()), r.deadManagerId(),
                    r.newManagerId(), r.number(), r.at());
        }
    }

    @Schema(description = "A run: every execution of it, oldest first; its status is its latest execution's.")
    record Run(@JsonProperty("run_id") String runId, String playbook, String status,
            @JsonProperty("latest_execution_id") String latestExecutionId, List<Execution> executions) {

        static Run of(long runId, List<ExecutionRecord> executions) {
            ExecutionRecord latest = executions.get(executions.size() - 1);
            return new Run(IdCodec.format(runId), latest.playbookPath(), latest.status(),
                    IdCodec.format(latest.executionId()), executions.stream().map(Execution::of).toList());
        }
    }

    @Schema(description = "A workflow step of an execution, in playbook order.")
    record Step(String name, String kind, String type, String status,
            @JsonProperty("started_at") Instant startedAt, @JsonProperty("ended_at") Instant endedAt,
            @JsonProperty("duration_ms") Long durationMs, @JsonProperty("read_count") Long readCount,
            @JsonProperty("write_count") Long writeCount, @JsonProperty("skip_count") Long skipCount,
            @JsonProperty("commit_count") Long commitCount, @JsonProperty("rollback_count") Long rollbackCount,
            @JsonProperty("exit_code") String exitCode, @JsonProperty("exit_message") String exitMessage,
            Object error, @JsonProperty("reused_from") String reusedFrom) {

        static Step of(StepReport s) {
            return new Step(s.name(), s.kind(), s.type(), s.status(), s.startedAt(), s.endedAt(), s.durationMs(),
                    s.readCount(), s.writeCount(), s.skipCount(), s.commitCount(), s.rollbackCount(), s.exitCode(),
                    s.exitMessage(), s.error(), IdCodec.format(s.reusedFrom()));
        }
    }

    @Schema(description = "A Spring Batch partition of a loop step: iterations from..to (inclusive).")
    record Partition(String step, String name, Integer from, Integer to, String status,
            @JsonProperty("read_count") Long readCount, @JsonProperty("write_count") Long writeCount,
            @JsonProperty("skip_count") Long skipCount, @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("ended_at") Instant endedAt, @JsonProperty("duration_ms") Long durationMs,
            @JsonProperty("exit_code") String exitCode, @JsonProperty("exit_message") String exitMessage) {

        static Partition of(PartitionReport p) {
            return new Partition(p.step(), p.name(), p.from(), p.to(), p.status(), p.readCount(), p.writeCount(),
                    p.skipCount(), p.startedAt(), p.endedAt(), p.durationMs(), p.exitCode(), p.exitMessage());
        }
    }

    @Schema(description = "A Gantt bar: a step or a loop partition, start and end drawn from the events.")
    record Span(String kind, String step, String name, String status, Instant start, Instant end,
            @JsonProperty("duration_ms") Long durationMs) {

        static Span of(TimelineSpan s) {
            return new Span(s.kind(), s.step(), s.name(), s.status(), s.start(), s.end(), s.durationMs());
        }
    }

    @Schema(description = "An event of the ledger; parent_event_id is its cause (lineage).")
    record Event(@JsonProperty("event_id") String eventId, @JsonProperty("parent_event_id") String parentEventId,
            @JsonProperty("event_type") String eventType, @JsonProperty("node_id") String nodeId,
            @JsonProperty("node_name") String nodeName, @JsonProperty("node_type") String nodeType,
            @JsonProperty("current_index") Integer currentIndex, String status, Integer attempt,
            Map<String, Object> context, Object result, Object error, @JsonProperty("worker_id") String workerId,
            @JsonProperty("duration_ms") Long durationMs, @JsonProperty("created_at") Instant createdAt) {

        static Event of(StoredEvent e) {
            return new Event(IdCodec.format(e.eventId()), IdCodec.format(e.parentEventId()), e.type().code(),
                    e.nodeId(), e.nodeName(), e.nodeType(), e.currentIndex(), e.status(), e.attempt(), e.context(),
                    e.result(), e.error(), e.workerId(), e.durationMs(), e.createdAt());
        }
    }

    @Schema(description = "A page of events in append order; pass next_after as 'after' to read the next page.")
    record EventList(List<Event> events, @JsonProperty("next_after") String nextAfter) {
    }

    @Schema(description = "A rendered task as stored in the queue (secret references unresolved) and its result envelope.")
    record Task(@JsonProperty("queue_id") String queueId, String step, @JsonProperty("node_id") String nodeId,
            Integer index, String status, int attempts, @JsonProperty("max_attempts") int maxAttempts, Object task,
            Object result, Object error, @JsonProperty("lease_owner") String leaseOwner,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("updated_at") Instant updatedAt) {

        static Task of(StepTask t) {
            return new Task(IdCodec.format(t.queueId()), t.step(), t.nodeId(), t.index(), t.status(), t.attempts(),
                    t.maxAttempts(), t.task(), t.result(), t.error(), t.leaseOwner(), t.createdAt(), t.updatedAt());
        }
    }

    @Schema(description = "A playbook known to this server (registered, or it ran), with its execution count and newest"
            + " execution; the registration fields are null when it is not registered.")
    record Playbook(String path, long executions, @JsonProperty("last_execution_id") String lastExecutionId,
            @JsonProperty("last_status") String lastStatus, @JsonProperty("last_created_at") Instant lastCreatedAt,
            boolean registered, @JsonProperty("registered_revision") String registeredRevision, String description,
            Map<String, String> labels, @JsonProperty("schedule_count") Integer scheduleCount,
            @JsonProperty("registered_name") String registeredName,
            @JsonProperty("registered_source_file") String registeredSourceFile,
            @JsonProperty("registered_at") Instant registeredAt) {

        static Playbook of(PlaybookSummary p, RegisteredPlaybook r) {
            return new Playbook(p.path(), p.executions(), IdCodec.format(p.lastExecutionId()), p.lastStatus(),
                    p.lastCreatedAt(), r != null, r == null ? null : r.revision(), r == null ? null : r.description(),
                    r == null ? null : r.labels(), r == null ? null : r.scheduleCount(), r == null ? null : r.name(),
                    r == null ? null : r.sourceFile(), r == null ? null : r.registeredAt());
        }
    }

    @Schema(description = "A recorded revision (SHA-256 of the playbook file).")
    record Revision(String revision, @JsonProperty("recorded_at") Instant recordedAt,
            @JsonProperty("source_file") String sourceFile) {

        static Revision of(PlaybookRevisionReport r) {
            return new Revision(r.revision(), r.recordedAt(), r.sourceFile());
        }
    }

    @Schema(description = "Duration statistics of a step, in milliseconds.")
    record StepStats(String step, long count, @JsonProperty("min_ms") long minMs, @JsonProperty("max_ms") long maxMs,
            @JsonProperty("mean_ms") double meanMs, @JsonProperty("stddev_ms") Double stddevMs) {

        static StepStats of(StepStatistics s) {
            return new StepStats(s.step(), s.count(), s.minMs(), s.maxMs(), s.meanMs(), s.stddevMs());
        }
    }

    @Schema(description = "A playbook with its revisions, step statistics over its newest executions and its newest executions.")
    record PlaybookDetail(String path, long executions, @JsonProperty("last_execution_id") String lastExecutionId,
            @JsonProperty("last_status") String lastStatus, Playbook summary, List<Revision> revisions,
            @JsonProperty("statistics_window") int statisticsWindow, @JsonProperty("step_statistics") List<StepStats> stepStatistics,
            ExecutionList history) {
    }

    @Schema(description = "An accepted execution, still running: poll GET /api/v1/executions/{execution_id}.")
    record Accepted(@JsonProperty("execution_id") String executionId, @JsonProperty("run_id") String runId) {

        static Accepted of(RunHandle handle) {
            return new Accepted(IdCodec.format(handle.executionId()), IdCodec.format(handle.runId()));
        }
    }

    @Schema(description = "Start a playbook: its catalog path (or a file on the server) and workload overrides.")
    record StartRequest(@Schema(description = "catalog path, e.g. examples/hello") String playbook,
            @Schema(description = "a .yaml or .yml playbook file inside the server's playbook roots"
                    + " (playbatch.playbooks.roots), instead of playbook") String file,
            @Schema(description = "top-level keys replace the playbook's workload") Map<String, Object> workload) {
    }

    @Schema(description = "Replay an execution as a new run from a step.")
    record ReplayRequest(@Schema(description = "the step to run again from", requiredMode = Schema.RequiredMode.REQUIRED)
            String from, Map<String, Object> workload,
            @Schema(description = "use the newest recorded revision instead of the source's") Boolean latest) {
    }

    @Schema(description = "Why the execution is abandoned (recorded in execution_abandoned).")
    record AbandonRequest(String reason) {
    }

    @Schema(description = "A compiler diagnostic of an invalid playbook.")
    record DiagnosticJson(String code, String name, String severity, String message, String location, String hint,
            @Schema(description = "the docs/migration.md anchor that shows the v2 form of a v1 form, as validate --json"
                    + " gives it; null for any other diagnostic", nullable = true) String doc) {

        static DiagnosticJson of(Diagnostic d) {
            return new DiagnosticJson(d.code(), d.name(), d.severity().name().toLowerCase(Locale.ROOT),
                    d.message(), String.valueOf(d.position()), d.hint(), d.doc());
        }
    }

    private static List<String> ids(List<Long> ids) {
        return ids.stream().map(IdCodec::format).toList();
    }
}
