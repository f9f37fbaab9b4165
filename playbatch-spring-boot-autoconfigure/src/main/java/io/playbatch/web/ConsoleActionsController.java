package io.playbatch.web;

import io.playbatch.admission.StartAdmission;
import io.playbatch.ids.IdCodec;
import io.playbatch.ledger.ExecutionRecord;
import io.playbatch.operate.OperationsService;
import io.playbatch.operate.RunHandle;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The console's operator actions on an execution: restart, stop and abandon. Each is two steps: a
 * GET shows a confirmation page saying what will happen, its form POSTs the action (guarded by
 * {@link ConsoleAccessFilter}), and the answer redirects (303) to the execution's page, for a restart
 * the new execution's. Everything goes through {@link OperationsService}.
 */
@Controller
class ConsoleActionsController {

    /** What each action does, as the confirmation page says it. */
    private static final Map<String, String> EXPLANATIONS = Map.of(
            "restart", "Starts the next execution of this run with the playbook revision and workload it started with."
                    + " Steps that completed are reused (not run again); failed and unfinished steps run.",
            "stop", "Asks the execution to stop gracefully: no new task is dispatched, running tasks finish or are"
                    + " interrupted at their timeout, and the execution ends STOPPED (it can be restarted).",
            "abandon", "Marks the execution ABANDONED. An abandoned execution can never be restarted.");

    private final OperationsService operations;

    private final StartAdmission admission;

    ConsoleActionsController(OperationsService operations, StartAdmission admission) {
        this.operations = operations;
        this.admission = admission;
    }

    @GetMapping("/executions/{id}/{action:restart|stop|abandon}")
    String confirm(@PathVariable String id, @PathVariable String action, Model model) {
        ExecutionRecord execution = operations.execution(IdCodec.parse("execution id", id));
        model.addAttribute("execution", execution);
        model.addAttribute("action", action);
        model.addAttribute("explanation", EXPLANATIONS.get(action));
        return "confirm";
    }

    @PostMapping("/executions/{id}/restart")
    RedirectView restart(@PathVariable String id) throws Exception {
        long executionId = IdCodec.parse("execution id", id);
        RunHandle handle = admission.admit(() -> operations.submitRestart(executionId, "web"));
        return seeOther("/executions/" + handle.executionId());
    }

    @PostMapping("/executions/{id}/stop")
    RedirectView stop(@PathVariable String id) {
        long executionId = IdCodec.parse("execution id", id);
        operations.stop(executionId);
        return seeOther("/executions/" + executionId);
    }

    @PostMapping("/executions/{id}/abandon")
    RedirectView abandon(@PathVariable String id, @RequestParam(required = false) String reason) throws Exception {
        long executionId = IdCodec.parse("execution id", id);
        operations.abandon(executionId, reason == null || reason.isBlank() ? "abandoned in the web console" : reason);
        return seeOther("/executions/" + executionId);
    }

    /** 303 See Other: the browser GETs the execution's page, so a reload does not repeat the action. */
    private static RedirectView seeOther(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setHttp10Compatible(false);
        return view;
    }
}
