package io.playbatch.web;

import io.playbatch.ids.IdCodec;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.ledger.InvalidFilterException;
import io.playbatch.ledger.ListedExecution;
import io.playbatch.operate.OperationsService;
import io.playbatch.report.EventPage;
import io.playbatch.report.ExecutionDetail;
import io.playbatch.report.ExecutionPage;
import io.playbatch.report.RunReports;
import io.playbatch.report.StepReport;
import io.playbatch.report.StepTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's execution pages: the filtered, paged list ({@code /executions}) and one execution's
 * detail ({@code /executions/{id}}: header, steps, Gantt timeline, partitions, rendered tasks and
 * results, the event log as a flat table filtered by step and type). Reads only, through the read models; every query is
 * paged or bounded by one execution id.
 */
@Controller
class ConsoleExecutionsController {

    /** Events shown per page of the event log. */
    static final int EVENT_PAGE = 200;
    /** Loop iterations whose task and result the detail page shows per loop step. */
    static final int ITERATIONS_SHOWN = 20;

    private final OperationsService operations;
    private final RunReports reports;
    private final ConsoleFormat format;

    ConsoleExecutionsController(OperationsService operations, RunReports reports, ConsoleFormat format) {
        this.operations = operations;
        this.reports = reports;
        this.format = format;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/executions";
    }

    @GetMapping("/executions")
    String list(@RequestParam(required = false) String playbook, @RequestParam(required = false) List<String> status,
            @RequestParam(required = false) String since, @RequestParam(required = false) String until,
            @RequestParam(required = false) List<String> label, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset, Model model) {
        // One text box may hold several labels separated by commas.
        List<String> labels = label == null ? List.of() : label.stream().flatMap(l -> Arrays.stream(l.split(",")))
                .map(String::trim).filter(l -> !l.isBlank()).toList();
        ExecutionFilter filter = ExecutionFilter.parse(playbook, status, since, until, labels, limit, offset);
        List<ListedExecution> rows = reports.listWithOutcomes(filter);
        model.addAttribute("page", ExecutionPage.of(rows.stream().map(ListedExecution::execution).toList(), filter));
        Map<Long, ListedExecution> outcomes = new LinkedHashMap<>();
        rows.forEach(row -> outcomes.put(row.execution().executionId(), row));
        model.addAttribute("outcomes", outcomes);
        model.addAttribute("filter", filter);
        model.addAttribute("playbook", playbook == null ? "" : playbook);
        model.addAttribute("selectedStatuses", filter.statuses());
        model.addAttribute("statuses", List.of("STARTING", "STARTED", "COMPLETED", "FAILED", "STOPPED", "ABANDONED"));
        model.addAttribute("since", since == null ? "" : since);
        model.addAttribute("until", until == null ? "" : until);
        model.addAttribute("label", String.join(", ", labels));
        model.addAttribute("labels", labels);
        return "executions";
    }

    @GetMapping("/executions/{id}")
    String detail(@PathVariable String id, @RequestParam(defaultValue = "0") String after,
            @RequestParam(required = false) String step, @RequestParam(required = false) String type,
            Model model) {
        long executionId = IdCodec.parse("execution id", id);
        long afterEventId = "0".equals(after) ? 0 : IdCodec.parse("after", after);
        ExecutionDetail detail = reports.detail(executionId);
        List<StepReport> steps = reports.steps(executionId);
        String status = detail.execution().status();
        boolean latest = detail.runExecutionIds().isEmpty()
                || detail.runExecutionIds().get(detail.runExecutionIds().size() - 1) == executionId;
        boolean ended = "FAILED".equals(status) || "STOPPED".equals(status);
        model.addAttribute("detail", detail);
        model.addAttribute("execution", detail.execution());
        model.addAttribute("steps", steps);
        model.addAttribute("gantt", GanttChart.of(reports.timeline(executionId),
                steps.stream().map(StepReport::name).toList(), Instant.now(), format));
        Map<String, String> stepStatuses = new LinkedHashMap<>();
        steps.forEach(s -> stepStatuses.put(s.name(), s.status()));
        model.addAttribute("picture", operations.revisionGraph(detail.execution().playbookPath(),
                detail.execution().playbookRevision()).map(graph -> GraphPicture.of(graph, stepStatuses)).orElse(null));
        model.addAttribute("partitions", reports.partitions(executionId, null));
        model.addAttribute("tasks", tasks(executionId, steps));
        String stepFilter = blankToNull(step);
        EventType typeFilter = eventType(blankToNull(type));
        EventPage events = reports.events(executionId, afterEventId, EVENT_PAGE, stepFilter, typeFilter);
        model.addAttribute("events", events.events());
        model.addAttribute("eventStep", stepFilter == null ? "" : stepFilter);
        model.addAttribute("eventType", typeFilter == null ? "" : typeFilter.code());
        model.addAttribute("eventTypes", Arrays.stream(EventType.values()).map(EventType::code).sorted().toList());
        model.addAttribute("eventsAfter", afterEventId);
        model.addAttribute("nextEventsAfter", events.nextAfter());
        // A failure a later execution of its run took over: say which and how it ended, and offer
        // no action on it (only the latest execution of a run can be restarted or is worth abandoning).
        List<Long> run = detail.runExecutionIds();
        int position = run.indexOf(executionId);
        model.addAttribute("successor", ended && position >= 0 && position < run.size() - 1
                ? operations.execution(run.get(position + 1)) : null);
        model.addAttribute("canRestart", ended && latest);
        model.addAttribute("canAbandon", ended && latest);
        model.addAttribute("canStop", format.running(status));
        model.addAttribute("refresh", format.running(status));
        return "execution";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The event type named in the filter form, or a 400 that lists the valid ones. */
    private static EventType eventType(String code) {
        if (code == null) {
            return null;
        }
        try {
            return EventType.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidFilterException("type", "'" + code + "' is not an event type; pick one of the list ("
                    + Arrays.stream(EventType.values()).map(EventType::code).sorted().collect(Collectors.joining(", "))
                    + ") or leave it empty for every type");
        }
    }

    /** The rendered task of each step that has one, a loop's first iterations, by step name. */
    private Map<String, List<StepTask>> tasks(long executionId, List<StepReport> steps) {
        Map<String, List<StepTask>> byStep = new LinkedHashMap<>();
        for (StepTask task : reports.tasks(executionId, null, RunReports.MAX_PAGE, 0)) {
            byStep.computeIfAbsent(task.step(), k -> new ArrayList<>()).add(task);
        }
        for (StepReport step : steps) {
            if ("loop".equals(step.kind()) && !byStep.containsKey(step.name())) {
                List<StepTask> iterations = reports.tasks(executionId, step.name(), ITERATIONS_SHOWN, 0);
                if (!iterations.isEmpty()) {
                    byStep.put(step.name(), iterations);
                }
            }
        }
        Map<String, List<StepTask>> ordered = new LinkedHashMap<>();
        steps.forEach(s -> {
            if (byStep.containsKey(s.name())) {
                ordered.put(s.name(), byStep.get(s.name()));
            }
        });
        byStep.forEach(ordered::putIfAbsent);
        return ordered;
    }
}
