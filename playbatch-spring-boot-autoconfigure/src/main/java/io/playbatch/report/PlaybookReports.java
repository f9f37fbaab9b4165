package io.playbatch.report;

import io.playbatch.ledger.ExecutionFilter;
import io.playbatch.ledger.ExecutionRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The read models of playbooks: which playbooks this database knows, their recorded revisions,
 * their run history (newest executions first, paged) and per-step duration statistics. Read-only
 * and bounded: the statistics look at a window of the newest executions, never at all of them.
 */
@Component
public class PlaybookReports {

    /** How many of a playbook's newest executions the step statistics cover by default. */
    public static final int DEFAULT_STATISTICS_WINDOW = 1000;

    private final PlaybookReportRepository reports;
    private final ExecutionRepository executions;

    public PlaybookReports(PlaybookReportRepository reports, ExecutionRepository executions) {
        this.reports = reports;
        this.executions = executions;
    }

    /** Every playbook with a recorded revision or an execution, by path. */
    public List<PlaybookSummary> playbooks() {
        return reports.playbooks();
    }

    /** One playbook's summary (count 0 when it never ran). */
    public PlaybookSummary playbook(String path) {
        return reports.playbook(path);
    }

    /** The playbook's recorded revisions, newest first. */
    public List<PlaybookRevisionReport> revisions(String path) {
        return reports.revisions(path);
    }

    /**
     * The file a playbook known by its catalog path was last recorded from, if it still exists
     * (until playbooks are registered in a catalog, this is how a start by path finds the file).
     */
    public Optional<Path> sourceFile(String path) {
        return reports.sourceFiles(path).stream().map(Path::of)
                .filter(Files::isRegularFile).findFirst();
    }

    /** The playbook's executions, newest first, one page. */
    public ExecutionPage history(String path, int limit, int offset) {
        ExecutionFilter filter = new ExecutionFilter(path, List.of(), null, null, Map.of(), limit, offset);
        return ExecutionPage.of(executions.list(filter), filter);
    }

    /**
     * Duration statistics of each step (count, min, max, mean, standard deviation in ms) over the
     * completed Spring Batch step executions of the playbook's {@code window} newest executions.
     */
    public List<StepStatistics> stepStatistics(String path, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be 1 or more, not " + window);
        }
        return reports.stepStatistics(path, window);
    }
}
