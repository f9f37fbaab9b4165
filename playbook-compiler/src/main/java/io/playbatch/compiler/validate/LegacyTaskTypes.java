package io.playbatch.compiler.validate;

import io.playbatch.compiler.diag.DiagnosticCode;
import java.util.Map;
import java.util.Optional;

/**
 * The v2 form of each v1 task type that has no v2 type of its name (PB075), and the section of
 * docs/migration.md that shows it. {@code iterator} and {@code workbook} have codes of their own
 * (PB023, PB024). Immutable.
 */
final class LegacyTaskTypes {

    /** The hint of one v1 type and the documentation it links to. */
    record Hint(String text, String doc) {
    }

    private static final String SQL = "write `type: sql` with `args: { connection: NAME, statement: \"...\" }`"
            + " (`query` instead of `statement` when it returns rows, `params` for bound values), where NAME is a"
            + " named connection to the %s database (what `auth` named in v1)";
    private static final Map<String, Hint> HINTS = Map.of(
            "postgres", new Hint(SQL.formatted("PostgreSQL"), doc("v1-postgres-and-duckdb-tasks")),
            "duckdb", new Hint(SQL.formatted("DuckDB"), doc("v1-postgres-and-duckdb-tasks")),
            "playbooks", new Hint("write `type: playbook` with `args: { path: CHILD, workload: {...} }`; to run one child"
                    + " per item, add `loop: { over: \"$workload.items\", as: item }` to that step",
                    doc("v1-playbooks-tasks")),
            "secrets", new Hint("v2 has no secrets task: remove the step and write `$secrets.NAME` where the value is"
                    + " used (the worker resolves it; docs/secrets.md)", doc("v1-secrets-tasks")),
            "transfer", new Hint("write a chunk step: `type: chunk` with `args: { reader: { type: sql, connection:"
                    + " SOURCE, query: \"...\", key: id }, writer: { type: sql, connection: TARGET, table: NAME } }`"
                    + " (docs/chunk.md)", doc("v1-transfer-tasks")),
            "save", new Hint("v2 has no save task: put `save: { to: table, table: NAME }` (or `to: file`) on the step"
                    + " whose task returns the rows", doc("v1-save")));

    private LegacyTaskTypes() {
    }

    static Optional<Hint> hint(String type) {
        return Optional.ofNullable(HINTS.get(type));
    }

    private static String doc(String anchor) {
        return DiagnosticCode.MIGRATION_GUIDE + "#" + anchor;
    }
}
