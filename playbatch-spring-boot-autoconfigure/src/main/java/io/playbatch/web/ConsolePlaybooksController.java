package io.playbatch.web;

import io.playbatch.operate.OperationsService;
import io.playbatch.report.PlaybookReports;
import io.playbatch.report.PlaybookRevisionReport;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's playbook pages: {@code /playbooks} (every playbook this database knows) and
 * {@code /playbooks/{path}} (a catalog path may contain slashes): its revisions, run history (paged)
 * and per-step duration statistics over its newest executions, and the picture of its graph
 * ({@link GraphPicture}).
 */
@Controller
class ConsolePlaybooksController {

    private final PlaybookReports playbooks;
    private final OperationsService operations;

    ConsolePlaybooksController(PlaybookReports playbooks, OperationsService operations) {
        this.playbooks = playbooks;
        this.operations = operations;
    }

    @GetMapping("/playbooks")
    String all(Model model) {
        model.addAttribute("playbooks", playbooks.playbooks());
        return "playbooks";
    }

    @GetMapping("/playbooks/{*path}")
    String one(@PathVariable String path, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset, Model model) {
        String catalogPath = path.startsWith("/") ? path.substring(1) : path;
        if (catalogPath.isEmpty()) {
            return "redirect:/playbooks";
        }
        model.addAttribute("path", catalogPath);
        model.addAttribute("summary", playbooks.playbook(catalogPath));
        List<PlaybookRevisionReport> revisions = playbooks.revisions(catalogPath);
        model.addAttribute("revisions", revisions);
        // The newest recorded revision's graph: what the latest run ran (registered or not).
        model.addAttribute("picture", revisions.stream().findFirst()
                .flatMap(r -> operations.revisionGraph(catalogPath, r.revision()))
                .map(graph -> GraphPicture.of(graph, Map.of())).orElse(null));
        model.addAttribute("statistics", playbooks.stepStatistics(catalogPath, PlaybookReports.DEFAULT_STATISTICS_WINDOW));
        model.addAttribute("window", PlaybookReports.DEFAULT_STATISTICS_WINDOW);
        model.addAttribute("page", playbooks.history(catalogPath, limit, offset));
        return "playbook";
    }
}
