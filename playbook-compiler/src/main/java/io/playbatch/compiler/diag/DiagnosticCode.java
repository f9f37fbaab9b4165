package io.playbatch.compiler.diag;

import java.util.Optional;
/**
 * The catalog of every diagnostic the compiler reports: a stable code, a short kebab-case name and
 * the hint that tells the author how to fix it. Codes are never renumbered or reused, so tools and
 * documentation can rely on them. A hint containing {@code %s} is completed per occurrence. A code
 * of a v1 form also names the section of {@value #MIGRATION_GUIDE} that shows the v2 form.
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
    // The v1 forms (docs/migration.md#diagnostics): one diagnostic per form, naming the v2 form, with a doc anchor.
    LEGACY_WITH("PB020", "legacy-with", "use `args` instead of `with`%s", "v1-input-keys"),
    LEGACY_PAYLOAD("PB021", "legacy-payload", "use `args` instead of `payload`%s", "v1-input-keys"),
    LEGACY_DATA_INPUT("PB022", "legacy-data-input", "use `args` for a step's input%s; `data` is a result field, read as `$steps.NAME.data`", "v1-input-keys"),
    LEGACY_ITERATOR("PB023", "legacy-iterator", "remove `type: iterator` and add `loop: { over: \"$workload.items\", as: item }` to the step that runs the task"
            + " (`collection` → `over`, `element` → `as`)", "v1-loops"),
    LEGACY_WORKBOOK_TYPE("PB024", "legacy-workbook-type", "write `task: { workbook: %s }` instead of `type: workbook`", "v1-workbook-calls"),
    LEGACY_JINJA("PB025", "legacy-jinja", "write Velocity: %s", "v1-jinja-templates"),
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
    HANDLER_NEXT_WITH_FAIL("PB049", "handler-next-with-fail", "with `then: fail` the run ends after the handler: remove the handler's `next`, or write `then: continue`"),
    TEMPLATE_METHOD_NOT_ALLOWED("PB050", "template-method-not-allowed", "%s"),
    TEMPLATE_DIRECTIVE_NOT_ALLOWED("PB051", "template-directive-not-allowed", "%s"),
    TEMPLATE_TOO_DEEP("PB052", "template-too-deep", "%s"),

    // Limits (docs/security.md): what one file may cost to read. The message says which limit; the hint how to fit it.
    FILE_TOO_LARGE("PB054", "file-too-large", "%s"),
    YAML_ALIAS_LIMIT("PB055", "yaml-alias-limit", "%s"),
    YAML_TOO_DEEP("PB056", "yaml-too-deep", "%s"),
    VALUE_TOO_LARGE("PB057", "value-too-large", "use a value of at most %s"),
    // A warning: the playbook works, but any user of the worker's host can read the secret on the command line.
    SECRET_IN_ARGV("PB058", "secret-in-argv", "pass it as `env: { %s: \"$secrets.%s\" }` and read it from the environment"),
    // `recovery` (docs/operations.md#automatic-resume): what a live process does with a run whose manager died.
    UNKNOWN_RESUME_MODE("PB059", "unknown-resume-mode", "write `resume: auto` (a live `serve` resumes the run) or `resume: manual` (an operator restarts it)"),
    MAX_RESUMES_OUT_OF_RANGE("PB060", "max-resumes-out-of-range", "use a whole number from 1 to 100; to never resume a run automatically, write `resume: manual`"),
    // Named connections (docs/connections.md): checked against the configuration the compiler is given.
    UNKNOWN_CONNECTION("PB061", "unknown-connection", "%s"),
    // More v1 forms, numbered from 70 so that codes added elsewhere meanwhile (PB061...) cannot collide.
    LEGACY_NEXT_EDGE("PB070", "legacy-next-edge", "%s", "v1-next-edges"),
    LEGACY_STEP_KEY("PB071", "legacy-step-key", "%s", "v1-step-keys"),
    LEGACY_TOP_LEVEL_KEY("PB072", "legacy-top-level-key", "move under `metadata`: %s", "v1-name-and-path"),
    LEGACY_INPUT("PB073", "legacy-input", "use `args` instead of `input`%s", "v1-input-keys"),
    LEGACY_LOOP_KEYS("PB074", "legacy-loop-keys", "%s", "v1-loops"),
    LEGACY_TASK_TYPE("PB075", "legacy-task-type", "%s", "v1-task-types"),
    LEGACY_SAVE("PB076", "legacy-save", "%s", "v1-save"),
    // Spring beans (docs/beans.md): `type: bean` steps and `{type: bean}` chunk parts.
    BEAN_ARGS("PB090", "bean-args", "%s"),
    UNKNOWN_BEAN("PB091", "unknown-bean", "%s"),
    BEAN_IN_LOOP("PB092", "bean-in-loop", "call the bean once per item from a chunk step (`processor: { type: bean, bean: %s }`), or from a step without `loop`"),

    // The `mcp` section (docs/mcp.md#validation-compiler-no-network, docs/mcp.md): messages are fixed by the design, the fix goes in the hint.
    MCP_UNKNOWN_KEY("MCP001", "mcp-unknown-key", "%s"),
    MCP_SERVER_TRANSPORT("MCP002", "mcp-server-transport", "give the server `url: http://host:port/mcp` (streamable HTTP) or `command: [program, arg, ...]` (stdio), not both"),
    MCP_BAD_URL("MCP003", "mcp-bad-url", "write an absolute http:// or https:// URL, or a template such as `$workload.mcp_url`"),
    MCP_STDIO_NOT_ALLOWED("MCP004", "mcp-stdio-not-allowed", "ask an operator to allow it, or use a url server"),
    MCP_LITERAL_CREDENTIAL("MCP005", "mcp-literal-credential", "\"Bearer $secrets.<name>\""),
    MCP_UNKNOWN_SERVER("MCP010", "mcp-unknown-server", "%s"),
    MCP_TOOL_NAME("MCP011", "mcp-tool-name", "write the tool's name exactly as the server lists it in tools/list"),
    MCP_BAD_SCHEMA("MCP012", "mcp-bad-schema", "fix the schema so that it is valid JSON Schema 2020-12"),
    MCP_UNSAFE_RETRY("MCP013", "mcp-unsafe-retry", "set idempotent: true only if the server guarantees it, or use max_attempts: 1"),
    MCP_UNKNOWN_ARG("MCP014", "mcp-unknown-arg", "%s"),
    MCP_MISSING_ARG("MCP015", "mcp-missing-arg", "add `%s` to the step's args"),
    MCP_ARG_TYPE("MCP016", "mcp-arg-type", "pass a value that matches the tool's input_schema"),
    MCP_RESOURCE_URI("MCP020", "mcp-resource-uri", "write `uri:` for a fixed resource, or `uri_template:` with `args` for a template, not both"),
    MCP_BAD_URI("MCP021", "mcp-bad-uri", "write an absolute URI with a scheme, for example `file:///logs/today.log`"),
    MCP_TEMPLATE_VARS("MCP022", "mcp-template-vars", "%s"),
    MCP_UNDECLARED_RESOURCE("MCP023", "mcp-undeclared-resource", "%s"),
    MCP_LOOP_VARIABLE_IN_IMPLICIT_READ("MCP024", "mcp-loop-variable-in-implicit-read", "call the resource from the loop step with task: %s"),
    MCP_PROVIDER("MCP030", "mcp-provider", "use provider: openai_chat (OpenAI, vLLM, Ollama /v1, llama.cpp and LM Studio speak it)"),
    MCP_MODEL_RANGE("MCP031", "mcp-model-range", "%s"),
    MCP_LITERAL_API_KEY("MCP032", "mcp-literal-api-key", "store the key as a secret and write `api_key: \"$secrets.<name>\"`"),
    MCP_UNKNOWN_REFERENCE("MCP040", "mcp-unknown-reference", "%s"),
    MCP_LOOP_BOUND("MCP041", "mcp-loop-bound", "bound the loop: `max_turns` from 1 to 50, `max_tool_calls` from 1 to 200 (default 2 * max_turns)"),
    MCP_SIDE_EFFECTS("MCP042", "mcp-side-effects", "set allow_side_effects: true, or mark the tool read_only"),
    MCP_TOOL_CHOICE("MCP043", "mcp-tool-choice", "list at least one tool in `tools`, or use `tool_choice: auto`"),
    MCP_NAME_CLASH("MCP050", "mcp-name-clash", "rename one of them"),
    MCP_UNKNOWN_CALLABLE("MCP051", "mcp-unknown-callable", "%s"),
    MCP_LEGACY_WITH("MCP052", "mcp-legacy-with", "rename to args"),
    MCP_UNUSED("MCP060", "mcp-unused", "remove it, or use it from a step (`task: NAME`, `$resources.NAME`, or a turns entry)"),

    // The optional online check (docs/mcp.md#online-check-validate---online: `validate --online`, playbatch.mcp.verify-on-register). The compiler never
    // reports these (it has no network); batch-app's McpServerCheck does, with the positions the IR carries.
    MCP_NOT_ON_SERVER("MCP070", "mcp-not-on-server", "%s"),
    MCP_SCHEMA_DIFFERS("MCP071", "mcp-schema-differs",
            "set mcp.tools.%s.input_schema to the server's (JSON is YAML): %s; or remove input_schema to stop pinning"),
    MCP_SERVER_UNREACHABLE("MCP072", "mcp-server-unreachable", "%s");

    /** The guide the v1 forms link to; a constant, so the constructors may read it. */
    public static final String MIGRATION_GUIDE = "docs/migration.md";

    private final String code;
    private final String label;
    private final String hintTemplate;
    private final String doc;

    DiagnosticCode(String code, String label, String hintTemplate) {
        this(code, label, hintTemplate, null);
    }

    /** A code of a v1 form: its diagnostics link to the section {@code anchor} of docs/migration.md. */
    DiagnosticCode(String code, String label, String hintTemplate, String anchor) {
        this.code = code;
        this.label = label;
        this.hintTemplate = hintTemplate;
        this.doc = anchor == null ? null : MIGRATION_GUIDE + "#" + anchor;
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

    /** The documentation a diagnostic of this code links to ({@code docs/migration.md#...}), or null. */
    public String doc() {
        return doc;
    }

    /** Whether only the online check reports this code: it asks the MCP servers, so no file can show it offline. */
    public boolean online() {
        return this == MCP_NOT_ON_SERVER || this == MCP_SCHEMA_DIFFERS || this == MCP_SERVER_UNREACHABLE;
    }

    /** An error of this code; {@code hintArgs} fill the {@code %s} of the hint template. */
    public Diagnostic error(SourcePosition position, String message, Object... hintArgs) {
        String hint = hintArgs.length == 0 && !hintTemplate.contains("%s") ? hintTemplate
                : String.format(hintTemplate, hintArgs);
        return new Diagnostic(code, label, Diagnostic.Severity.ERROR, message, position, hint, doc);
    }

    /** A warning of this code: reported, but the playbook still compiles. */
    public Diagnostic warning(SourcePosition position, String message, Object... hintArgs) {
        Diagnostic error = error(position, message, hintArgs);
        return new Diagnostic(error.code(), error.name(), Diagnostic.Severity.WARNING, error.message(), position,
                error.hint(), doc);
    }

    public static Optional<DiagnosticCode> byCode(String code) {
        for (DiagnosticCode candidate : values()) {
            if (candidate.code.equals(code)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
