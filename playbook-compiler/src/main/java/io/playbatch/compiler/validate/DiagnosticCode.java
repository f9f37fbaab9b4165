package io.playbatch.compiler.validate;

import io.playbatch.compiler.dsl.SourcePosition;

/**
 * The catalog of every diagnostic the compiler reports: a stable code, a short kebab-case name and
 * the hint that tells the author how to fix it. Codes are never renumbered or reused, so tools and
 * documentation can rely on them. A hint containing {@code %s} is completed per occurrence.
 */
public enum DiagnosticCode {
    YAML_SYNTAX("PB001", "yaml-syntax", "fix the YAML syntax here: check indentation, quoting and unclosed brackets"),
    FILE_NOT_READABLE("PB002", "file-not-readable", "check the file path (relative paths start at the working directory)"),
    DUPLICATE_KEY("PB003", "duplicate-key", "remove the second `%s`: a key appears at most once in a mapping"),
    NOT_A_PLAYBOOK("PB004", "not-a-playbook", "a playbook is one YAML mapping that starts with `apiVersion: playbatch.io/v2`"),
    UNKNOWN_KEY("PB005", "unknown-key", "%s"),
    WRONG_TYPE("PB006", "wrong-type", "write %s here"),
    MISSING_KEY("PB007", "missing-key", "add `%s:`"),
    INVALID_VALUE("PB008", "invalid-value", "%s"),
    INVALID_NAME("PB009", "invalid-name", "%s"),
    UNSUPPORTED_VERSION("PB010", "unsupported-version", "write `%s`"),
    VALUE_OUT_OF_RANGE("PB011", "value-out-of-range", "use a value of at least %s"),
    UNKNOWN_STEP_REFERENCE("PB012", "unknown-step-reference", "%s"),
    DUPLICATE_STEP("PB013", "duplicate-step", "rename one of the steps named `%s`: step names are unique"),
    MISSING_START("PB014", "missing-start", "add a first step `- step: start` with `next: [ first_step ]`"),
    START_NOT_ROUTER("PB015", "start-not-router", "`start` only routes: move `%s` into a step after it"),
    END_NOT_TERMINAL("PB016", "end-not-terminal", "`end` finishes the run: remove `%s` from it"),
    CYCLE("PB017", "cycle", "a workflow is acyclic: use a `loop` step to repeat work, or `retry` to try a task again"),
    UNREACHABLE_STEP("PB018", "unreachable-step", "list `%s` in the `next` of an earlier step, or remove it"),
    UNJOINED_SPLIT("PB019", "unjoined-split", "make every branch of a parallel split continue to one join step, or let all of them end"),
    LEGACY_WITH("PB020", "legacy-with", "use `args` instead of `with`"),
    LEGACY_PAYLOAD("PB021", "legacy-payload", "use `args` instead of `payload`"),
    LEGACY_DATA_INPUT("PB022", "legacy-data-input", "use `args` for a step's input; `data` is a result field, read as `$steps.NAME.data`"),
    LEGACY_ITERATOR("PB023", "legacy-iterator", "remove `type: iterator` and add `loop: { over: \"$workload.items\", as: item }` to the step that runs the task"),
    LEGACY_WORKBOOK_TYPE("PB024", "legacy-workbook-type", "write `task: { workbook: NAME }` instead of `type: workbook`"),
    LEGACY_JINJA("PB025", "legacy-jinja", "write Velocity `${x.y}` instead of Jinja `{{ x.y }}`"),
    TEMPLATE_SYNTAX("PB026", "template-syntax", "fix the Velocity syntax: `${a.b}` for values, `#if(...)...#end` for directives"),
    CONDITION_SYNTAX("PB027", "condition-syntax", "a `when` is a Velocity condition, for example `$workload.count > 0`"),
    UNDEFINED_VARIABLE("PB028", "undefined-variable", "%s"),
    STEP_NOT_FINISHED("PB029", "step-not-finished", "%s"),
    UNKNOWN_STEP_IN_TEMPLATE("PB030", "unknown-step-in-template", "%s"),
    LOOP_VARIABLE_OUTSIDE_LOOP("PB031", "loop-variable-outside-loop", "`$%s` exists only in the task of the loop step that declares it"),
    BAD_DURATION("PB032", "bad-duration", "write a number and a unit: `500ms`, `60s`, `5m`, `1h` or `1d`"),
    UNKNOWN_WORKBOOK_TASK("PB033", "unknown-workbook-task", "%s"),
    DUPLICATE_WORKBOOK_TASK("PB034", "duplicate-workbook-task", "rename one of the workbook tasks named `%s`"),
    CONFLICTING_TASK("PB035", "conflicting-task", "%s"),
    MIXED_NEXT_FORMS("PB036", "mixed-next-forms", "`next` is either a list of step names or a list of `when`/`then` cases with a last `else`, not both"),
    MISPLACED_ELSE("PB037", "misplaced-else", "write one `else` case, as the last entry of `next`"),
    EMPTY_LIST("PB038", "empty-list", "list at least one %s here"),
    INVALID_FAILURE_HANDLER("PB039", "invalid-failure-handler", "point `on_failure.step` at a handler step other than `start`, `end` and the step itself"),
    CHUNK_ARGS("PB040", "chunk-args", "a chunk step needs `args: { reader: ..., writer: ... }` (optional `processor`, `chunk_size`, `skip_limit`, `retry_limit`)"),
    UNKNOWN_CHUNK_ARG("PB041", "unknown-chunk-arg", "%s"),
    MISSING_PLAYBOOK_PATH("PB042", "missing-playbook-path", "name the child playbook: `args: { path: examples/child, workload: {...} }`"),
    INCOMPLETE_SAVE("PB043", "incomplete-save", "%s"),
    BAD_CRON("PB044", "bad-cron", "write five Unix fields `minute hour day-of-month month day-of-week` (for example `0 6 * * *`)"
            + " or six Quartz fields with seconds first (for example `*/5 * * * * ?`); see docs/schedules.md"),
    UNKNOWN_TIMEZONE("PB045", "unknown-timezone", "use an IANA zone id such as `Europe/Paris` or `UTC`"),
    LOOP_VARIABLE_SHADOWS("PB046", "loop-variable-shadows", "choose an `as` name other than %s"),
    MAX_PARALLEL_NOT_PARALLEL("PB047", "max-parallel-not-parallel", "remove `max_parallel` or set `mode: parallel`"),
    BACKOFF_ORDER("PB048", "backoff-order", "make `backoff.max` at least `backoff.initial`"),
    HANDLER_NEXT_WITH_FAIL("PB049", "handler-next-with-fail", "with `then: fail` the run ends after the handler: remove the handler's `next`, or write `then: continue`");

    private final String code;
    private final String label;
    private final String hintTemplate;

    DiagnosticCode(String code, String label, String hintTemplate) {
        this.code = code;
        this.label = label;
        this.hintTemplate = hintTemplate;
    }

    public String code() {
        return code;
    }

    /** The kebab-case name shown next to the code, e.g. {@code unknown-step-reference}. */
    public String label() {
        return label;
    }

    public String hintTemplate() {
        return hintTemplate;
    }

    /** An error of this code; {@code hintArgs} fill the {@code %s} of the hint template. */
    public Diagnostic error(SourcePosition position, String message, Object... hintArgs) {
        String hint = hintArgs.length == 0 && !hintTemplate.contains("%s") ? hintTemplate
                : String.format(hintTemplate, hintArgs);
        return new Diagnostic(code, label, Diagnostic.Severity.ERROR, message, position, hint);
    }

    public static java.util.Optional<DiagnosticCode> byCode(String code) {
        for (DiagnosticCode candidate : values()) {
            if (candidate.code.equals(code)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }
}
