package io.playbatch.web;

import io.playbatch.admission.StartAdmission;
import io.playbatch.catalog.PlaybookRoots;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.json.JsonCodec;
import io.playbatch.operate.NoSuchPlaybookException;
import io.playbatch.operate.OperationsService;
import io.playbatch.operate.RunHandle;
import io.playbatch.report.PlaybookReports;
import io.playbatch.schedule.ScheduleService;
import io.playbatch.schedule.ScheduleView;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

/**
 * Starts runs from the console: {@code GET /launch?playbook=PATH} shows the playbook's
 * {@link LaunchForm}, its form POSTs {@code /launch}, and {@code POST /schedules/run-now} starts a
 * schedule's playbook at once. The playbook is the one the REST start would run: its registered
 * revision, or else the file a run recorded, only when that file lies inside
 * {@code playbatch.playbooks.roots}. Everything goes through {@link OperationsService#submit} (the
 * workload limits apply) with {@code via: web}; POSTs are guarded by {@link ConsoleAccessFilter}.
 */
@Controller
class ConsoleLaunchController {

    private final OperationsService operations;
    private final PlaybookReports playbooks;
    private final PlaybookRoots roots;
    private final ScheduleService schedules;
    private final JsonCodec json;
    private final StartAdmission admission;

    ConsoleLaunchController(OperationsService operations, PlaybookReports playbooks, PlaybookRoots roots,
            ScheduleService schedules, JsonCodec json, StartAdmission admission) {
        this.admission = admission;
        this.operations = operations;
        this.playbooks = playbooks;
        this.roots = roots;
        this.schedules = schedules;
        this.json = json;
    }

    @GetMapping("/launch")
    String form(@RequestParam String playbook, Model model) {
        PlaybookGraph graph = graph(playbook);
        model.addAttribute("playbook", playbook);
        model.addAttribute("graph", graph);
        model.addAttribute("form", form(graph));
        model.addAttribute("hasInputSchema", graph.mcpExposure().inputSchema() != null);
        return "launch";
    }

    @PostMapping("/launch")
    RedirectView launch(@RequestParam String playbook, @RequestParam Map<String, String> parameters,
            HttpServletRequest request) throws Exception {
        PlaybookGraph graph = graph(playbook);
        Map<String, Object> workload = form(graph).workload(parameters, json);
        Map<String, Object> audit = Map.of("remote_address", request.getRemoteAddr());
        RunHandle run = admission.admit(() -> operations.submit(graph, workload, "web", audit));
        return seeOther("/executions/" + run.executionId());
    }

    @PostMapping("/schedules/run-now")
    RedirectView runNow(@RequestParam String id, HttpServletRequest request) throws Exception {
        ScheduleView schedule = schedules.get(id);
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("remote_address", request.getRemoteAddr());
        audit.put("schedule_id", schedule.scheduleId());
        // A run now is not a tick: it is not recorded as one, so the schedule's ticks are unchanged.
        PlaybookGraph graph = operations.registeredGraph(schedule.playbookPath());
        RunHandle run = admission.admit(() -> operations.submit(graph, Map.of(), "web", audit));
        return seeOther("/executions/" + run.executionId());
    }

    private LaunchForm form(PlaybookGraph graph) {
        return LaunchForm.of(graph.workload(), graph.mcpExposure().inputSchema(), json);
    }

    /** The registered revision, else the recorded file when it is inside the playbook roots (as the REST start). */
    private PlaybookGraph graph(String playbook) {
        try {
            return operations.registeredGraph(playbook);
        } catch (NoSuchPlaybookException e) {
            return operations.compile(roots.resolve(playbooks.sourceFile(playbook).orElseThrow(() -> e).toString()));
        }
    }

    /** 303 See Other to the new execution's page, which follows it live; a reload does not start another. */
    private static RedirectView seeOther(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setHttp10Compatible(false);
        return view;
    }
}
