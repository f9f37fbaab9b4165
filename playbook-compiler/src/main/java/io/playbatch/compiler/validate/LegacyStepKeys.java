package io.playbatch.compiler.validate;

import java.util.Set;

/**
 * Where each v1 key of a step or workbook task goes in v2 (PB071), per task type, and what a v1
 * input key ({@code with}, {@code payload}, {@code data}, {@code input}: PB020–PB022, PB073) becomes
 * inside {@code args} for that type. The type is the one the entry names, v1 or v2 (null when it
 * names none). Immutable.
 */
final class LegacyStepKeys {

    private static final Set<String> SQL_TYPES = Set.of("sql", "postgres", "duckdb");
    private static final Set<String> PLAYBOOK_TYPES = Set.of("playbook", "playbooks");

    private LegacyStepKeys() {
    }

    /** The hint of PB071 for {@code key}. */
    static String hint(String key, String type) {
        // Set.of rejects a null probe, and an entry may name no type at all.
        boolean sql = type != null && SQL_TYPES.contains(type);
        boolean playbook = type != null && PLAYBOOK_TYPES.contains(type);
        return switch (key) {
            case "code" -> "python".equals(type) ? "move it into `args.code`: `args: { code: \"...\", args: {...} }`"
                    : "Python source is `args.code` of a `type: python` step";
            case "command" -> "command".equals(type)
                    ? "move it into `args.argv`, the program and its arguments as a list (one string with `shell: true`)"
                    : sql || type == null ? "SQL is `args.statement` of a `type: sql` step (`args.query` when it returns"
                            + " rows)" : "a program is `args.argv` of a `type: command` step";
            case "endpoint", "url" -> "move it into `args.url` of the `type: http` task: `args: { method: GET, url:"
                    + " \"...\" }`";
            case "method" -> "move it into `args.method` of the `type: http` task";
            case "headers" -> "move it into `args.headers` of the `type: http` task";
            case "params" -> sql ? "bound values are `args.params` (`:name` in the SQL)"
                    : "query parameters are `args.query` of the `type: http` task";
            case "auth" -> sql ? "name the database in `args.connection: NAME`, a named connection that holds the"
                    + " credentials" : "http".equals(type) ? "send the credential as a header: `args: { headers: {"
                    + " Authorization: \"Bearer $secrets.NAME\" } }` (docs/secrets.md)"
                    : "write `$secrets.NAME` in `args` where the credential is used (docs/secrets.md)";
            case "collection" -> "`collection` → `loop.over`: `loop: { over: \"$workload.items\", as: item }`";
            case "element" -> "`element` → `loop.as`: `loop: { over: \"$workload.items\", as: item }`";
            case "assert" -> "v2 has no `assert`: remove it; test a result with a `next` case (`- when:"
                    + " \"$steps.NAME.data...\"` with `then: [ ... ]`), or an http status with `args.expect`";
            case "pass" -> "v2 has no `pass`: remove it; a step that does nothing is `type: noop`";
            case "path" -> playbook ? "move it into `args.path`, the child's catalog path:"
                    + " `args: { path: \"...\", workload: {...} }`"
                    : "a playbook's own catalog path is `metadata.path`";
            case "result" -> "a playbook's result is the top-level `output`, for example `output: \"$steps.NAME.data\"`";
            default -> "move it into `args`";
        };
    }

    /** The per-type completion of the PB020–PB022 and PB073 hints (empty when `args` is all there is to say). */
    static String inputSuffix(String type) {
        if (type == null) {
            return "";
        }
        if ("python".equals(type)) {
            return ": a python task's values are `args.args`, the keyword arguments of `main`"
                    + " (`args: { code: \"...\", args: {...} }`)";
        }
        if ("http".equals(type)) {
            return ": an http request body is `args.json` (`args: { method: POST, url: \"...\", json: {...} }`)";
        }
        if (PLAYBOOK_TYPES.contains(type)) {
            return ": a child playbook's inputs are `args.workload` (`args: { path: \"...\", workload: {...} }`)";
        }
        if (SQL_TYPES.contains(type)) {
            return ": bound SQL values are `args.params` (`:name` in the SQL)";
        }
        return "";
    }
}
