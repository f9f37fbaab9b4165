package io.playbatch.compiler.dsl;

import io.playbatch.compiler.diag.SourcePosition;
import io.playbatch.compiler.dsl.mcp.McpSection;
import io.playbatch.compiler.yaml.YamlList;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import java.util.List;
import java.util.Map;

/**
 * A playbook as written, mirroring the YAML keys of docs/dsl.md, before semantic validation.
 * Every part keeps its {@link YamlMap} {@code source}, so a rule can point at any key or value.
 * Absent keys are null (lists are empty). Immutable.
 */
public record PlaybookDocument(String file, String apiVersion, String kind, Metadata metadata,
        Map<String, Object> workload, List<WorkbookTask> workbook, List<Step> workflow, YamlNode output,
        List<Schedule> schedules, McpSection mcp, Recovery recovery, YamlMap source) {

    public PlaybookDocument {
        workbook = List.copyOf(workbook);
        workflow = List.copyOf(workflow);
        schedules = List.copyOf(schedules);
        mcp = mcp == null ? McpSection.empty() : mcp;
    }

    /** {@code metadata}: identity and catalog path; {@code mcp} is {@code metadata.mcp} (exposure) or null. */
    public record Metadata(String name, String path, String description, Map<String, String> labels, YamlMap mcp,
            YamlMap source) {
    }

    /** One {@code workbook} entry: a named task definition that steps call. */
    public record WorkbookTask(String name, String type, YamlMap args, String desc, YamlMap source) {
    }

    /**
     * One {@code workflow} entry. {@code task} is the {@code task: { workbook, args }} form;
     * {@code callable} the {@code task: NAME} form (a tool, resource, turns entry or workbook task).
     */
    public record Step(String name, String desc, String type, YamlMap args, TaskRef task, String callable, Loop loop,
            Retry retry, String timeout, Next next, OnFailure onFailure, YamlMap save, YamlMap source) {
    }

    /** {@code task: { workbook, args }}: a call of a workbook task. */
    public record TaskRef(String workbook, YamlMap args, YamlMap source) {
    }

    /** {@code loop: { over, as, mode, max_parallel }}. */
    public record Loop(String over, String as, String mode, Integer maxParallel, YamlMap source) {
    }

    /** {@code retry: { max_attempts, backoff: { initial, multiplier, max } }}. */
    public record Retry(Integer maxAttempts, String initial, Double multiplier, String max, YamlMap source) {
    }

    /** {@code on_failure: { step, then }}. */
    public record OnFailure(String step, String then, YamlMap source) {
    }

    /** A step name written in {@code next}, {@code then} or {@code else}, and where. */
    public record Target(String step, SourcePosition position) {
    }

    /** One {@code when}/{@code then} case, or the {@code else} case ({@code when} null). */
    public record Case(int index, String when, List<Target> then, boolean isElse, YamlMap source) {
        public Case {
            then = List.copyOf(then);
        }
    }

    /** {@code next}: either plain step names or cases (a mix is reported by validation). */
    public record Next(List<Target> names, List<Case> cases, YamlList source) {
        public Next {
            names = List.copyOf(names);
            cases = List.copyOf(cases);
        }
    }

    /**
     * {@code recovery: { resume, max_resumes }}: what a live process does with a run whose manager
     * died. {@code maxResumes} is the number as written (any size), null when absent or not a number.
     */
    public record Recovery(String resume, Number maxResumes, YamlMap source) {
    }

    /** One {@code schedules} entry. */
    public record Schedule(String cron, String timezone, String missed, String overlap, YamlMap source) {
    }
}
