package io.playbatch.report;

import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.ledger.ExecutionRepository;
import io.playbatch.ledger.ListedExecution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The read models of one execution, for the CLI, the REST API and the web console: the run
 * summary, the detail, the steps with Spring Batch's counts, loop partitions, the Gantt timeline,
 * the events page by page and the rendered tasks. Read-only; every query is bounded by the
 * execution id (indexed), none issues a query per row. Unknown ids raise {@link NoSuchExecutionException}.
 */
@Component
public class RunReports {

    /** The largest page of events or tasks a caller may ask for. */
    public static final int MAX_PAGE = 1000;

    private final NamedParameterJdbcTemplate jdbc;
    private final ExecutionRepository executions;
    private final StepReportRepository steps;
    private final EventLedger ledger;

    public RunReports(NamedParameterJdbcTemplate jdbc, ExecutionRepository executions, StepReportRepository steps,
            EventLedger ledger) {
        this.jdbc = jdbc;
        this.executions = executions;
        this.steps = steps;
        this.ledger = ledger;
    }

    /** The execution's row, labels, Spring Batch exit status, its run's executions and its children. */
    /**
     * A page of the filtered list with each execution's failed step and successor (the console's
     * list), in one query; read with one row more than the limit, as {@link ExecutionPage#of}.
     */
    public List<ListedExecution> listWithOutcomes(ExecutionFilter filter) {
        return executions.listWithOutcomes(filter);
    }

    public ExecutionDetail detail(long executionId) {
        ExecutionRecord execution = find(executionId);
        String[] exit = steps.exitStatus(executionId).orElse(new String[2]);
        Long duration = execution.startedAt() != null && execution.endedAt() != null
                ? Duration.between(execution.startedAt(), execution.endedAt()).toMillis() : null;
        return new ExecutionDetail(execution, executions.labels(executionId), duration, exit[0], exit[1],
                executions.ofRun(execution.runId()).stream().map(ExecutionRecord::executionId).toList(),
                executions.children(executionId).stream().map(ExecutionRecord::executionId).toList(),
                resumes(execution.runId()));
    }

    /** The automatic resumes of a run, oldest first (its {@code execution_resumed} events). */
    public List<RunResume> resumes(long runId) {
        return ledger.eventsOfRun(runId, EventType.EXECUTION_RESUMED).stream().map(RunResume::of).toList();
    }

    /** Every execution of a run, oldest first (the last one is the run's current state). */
    public List<ExecutionRecord> run(long runId) {
        return executions.ofRun(runId);
    }

    /** The workflow steps in playbook order with status, times, counts and errors. */
    public List<StepReport> steps(long executionId) {
        find(executionId);
        return steps.steps(executionId);
    }

    /** The loop partitions Spring Batch ran in this execution; {@code step} null for every loop. */
    public List<PartitionReport> partitions(long executionId, String step) {
        find(executionId);
        return steps.partitions(executionId, step);
    }

    /** The Gantt bars: steps in start order, then loop partitions by step. */
    public List<TimelineSpan> timeline(long executionId) {
        find(executionId);
        List<TimelineSpan> spans = new ArrayList<>(steps.stepSpans(executionId));
        spans.addAll(steps.partitionSpans(executionId));
        return spans;
    }

    /**
     * Up to {@code limit} events after {@code afterEventId} (0: from the start), with their parent ids,
     * and where the next page starts (null on the last page).
     */
    public EventPage events(long executionId, long afterEventId, int limit) {
        return events(executionId, afterEventId, limit, null, null);
    }

    /** A page like {@link #events(long, long, int)} of one step's events and/or one type's (null: any). */
    public EventPage events(long executionId, long afterEventId, int limit, String step, EventType type) {
        find(executionId);
        int size = Math.min(Math.max(limit, 1), MAX_PAGE);
        return EventPage.of(ledger.events(executionId, afterEventId, size + 1, step, type), size);
    }

    /**
     * The rendered tasks with their result envelopes: of every plain step ({@code step} null), or of
     * one step, a loop's iterations in index order from {@code offset}. Secret references are shown
     * as stored; nothing here resolves them.
     */
    public List<StepTask> tasks(long executionId, String step, int limit, int offset) {
        find(executionId);
        return steps.tasks(executionId, step, Math.min(Math.max(limit, 1), MAX_PAGE), Math.max(offset, 0));
    }

    /** The summary so far and the running loops' iteration counts; bounded by the steps, not the events. */
    public RunProgress progress(long executionId) {
        return new RunProgress(summary(executionId), steps.runningLoops(executionId));
    }

    private ExecutionRecord find(long executionId) {
        return executions.find(executionId).orElseThrow(() -> new NoSuchExecutionException(executionId));
    }

    /**
     * The run's summary. A step's duration is the one definition every view uses (docs/web.md):
     * from its {@code step_started} event to the event that ended it, as the workflow snapshot
     * records them; the ending event's own {@code duration_ms} only when those times are missing.
     */
    public RunSummary summary(long executionId) {
        ExecutionRecord execution = executions.find(executionId)
                .orElseThrow(() -> new NoSuchExecutionException(executionId));
        List<RunSummary.StepLine> steps = jdbc.query("""
                SELECT w.step_name, w.status,
                       COALESCE(floor(EXTRACT(EPOCH FROM (w.ended_at - w.started_at)) * 1000)::bigint,
                                last.duration_ms) AS duration_ms,
                       CASE WHEN w.status = 'failed' THEN last.error->>'message' END AS message,
                       b.read_count, b.write_count, b.read_skip_count + b.process_skip_count + b.write_skip_count AS skip_count
                FROM workflow w
                LEFT JOIN batch_step_execution b ON b.job_execution_id = w.execution_id AND b.step_name = w.step_name
                LEFT JOIN event last ON last.event_id = w.last_event_id
                JOIN event s ON s.execution_id = w.execution_id AND s.event_type = 'execution_started'
                WHERE w.execution_id = :executionId
                ORDER BY (SELECT ord FROM jsonb_array_elements(s.context->'workflow') WITH ORDINALITY AS a(step, ord)
                          WHERE a.step->>'name' = w.step_name)
                """, Map.of("executionId", executionId), (rs, i) -> new RunSummary.StepLine(
                rs.getString("step_name"), rs.getString("status"), (Long) rs.getObject("duration_ms"),
                rs.getString("message"), (Long) rs.getObject("read_count"), (Long) rs.getObject("write_count"),
                (Long) rs.getObject("skip_count")));
        return new RunSummary(execution.executionId(), execution.runId(), execution.playbookPath(), execution.status(),
                execution.result(), execution.error(), steps);
    }
}
