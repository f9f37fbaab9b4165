package io.playbatch.compiler.convert;

/**
 * What a converted playbook still needs from a human, each kind with its section of
 * docs/migration.md ("## Converting with playbatch convert"). The anchors are a public contract:
 * reports and TODO comments link to them.
 */
public enum TodoKind {

    /** A v1 task type with no v2 task type yet (secrets, transfer, ...). */
    TASK_TYPE("todo-task-type"),
    /** A key v2 has no place for (`auth` on a step, `pass`, `assert`, an unknown metadata key, ...). */
    UNKNOWN_KEY("todo-unknown-key"),
    /** A Jinja filter with no Velocity form (`int`, `join`, `default(x, true)`, ...). */
    JINJA_FILTER("todo-jinja-filter"),
    /** Jinja syntax the converter does not translate: `{% %}` statements, tests, an expression used as a value. */
    JINJA_EXPRESSION("todo-jinja-expression"),
    /** A template name v2 does not have (`env`, `result`, `this`, a bare name no input defines). */
    UNKNOWN_NAME("todo-unknown-name"),
    /** An `auth` credential that names no connection, or a duckdb task without one: v2 tasks connect through named connections. */
    CONNECTION("todo-connection"),
    /** HTTP authentication (`auth` on an `http` task). */
    HTTP_AUTH("todo-http-auth"),
    /** SQL text that mixes statements and a query: v2 returns either rows or an update count. */
    SQL_RESULT("todo-sql-result"),
    /** A `save` v2 cannot express (another storage, a column mapping). */
    SAVE("todo-save"),
    /** A retry condition (`retry_when`, `stop_when`): v2 retries every failed attempt. */
    RETRY("todo-retry"),
    /** `return_step` of a sub-playbook: the child's `output` decides what the parent receives. */
    RETURN_STEP("todo-return-step"),
    /** Inputs on a `next` edge whose target has several predecessors. */
    EDGE_INPUTS("todo-edge-inputs"),
    /** A template in the workload: v2 never renders the workload. */
    WORKLOAD_TEMPLATE("todo-workload-template"),
    /** A step name v2 does not accept (`[a-z][a-z0-9_]*`). */
    STEP_NAME("todo-step-name"),
    /** A `next` entry the converter cannot read. */
    NEXT_FORM("todo-next");

    private final String anchor;

    TodoKind(String anchor) {
        this.anchor = anchor;
    }

    /** The anchor of this kind's entry in docs/migration.md. */
    public String anchor() {
        return anchor;
    }

    /** The documentation link, relative to the repository root. */
    public String doc() {
        return "docs/migration.md#" + anchor;
    }
}
