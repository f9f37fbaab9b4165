package io.playbatch.compiler.convert;

import static io.playbatch.compiler.convert.YamlEdits.get;
import static io.playbatch.compiler.convert.YamlEdits.remove;
import static io.playbatch.compiler.convert.YamlEdits.scalarNode;
import static io.playbatch.compiler.convert.YamlEdits.text;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * Moves a v1 task's keys, written next to {@code type} on a step or a workbook entry, into the v2
 * task's {@code args}, per task type (docs/migration.md, "Step-level keys into args"). The v1
 * inputs ({@code data}, {@code with}, {@code args}, {@code input}, {@code payload}) go where the v2
 * type reads its input: a python task's {@code args.args}, an http body ({@code json}) or query, a
 * child playbook's {@code workload}; a SQL task reads them as template names only.
 */
final class TaskArguments {

    /** v1 keys that carry a task's input. */
    static final List<String> INPUT_KEYS = List.of("data", "with", "args", "input", "payload");
    /** v1 task types and the v2 type they become. */
    static final Map<String, String> TYPES = Map.of("python", "python", "http", "http", "postgres", "sql",
            "duckdb", "sql", "sql", "sql", "playbook", "playbook", "playbooks", "playbook", "log", "log", "noop", "noop");
    /** A v1 credential's name that can name a v2 connection or secret (docs/connections.md, docs/secrets.md). */
    private static final Pattern CREDENTIAL_NAME = Pattern.compile("^[a-z][a-z0-9_-]*$");
    /** v2's http auth types and the fields each takes (docs/dsl.md, "http auth"). */
    private static final Map<String, Set<String>> HTTP_AUTH_FIELDS = Map.of("bearer", Set.of("token"),
            "basic", Set.of("user", "password"), "api_key", Set.of("header", "value"));
    /** Keys a step keeps whatever its task. */
    static final Set<String> STEP_KEYS = Set.of("step", "desc", "next", "loop", "retry", "save", "type", "task",
            "timeout", "on_failure", "name", "args");

    private TaskArguments() {
    }

    /**
     * Rewrites {@code holder}'s v1 task keys of type {@code v1Type} into a v2 {@code args} mapping
     * placed after {@code type}, with {@code inputs} (the merged v1 inputs, already removed from the
     * holder) where the type reads them. Keys with no v2 place stay, each with a TODO.
     */
    static void apply(MappingNode holder, String v1Type, MappingNode inputs, TodoList todos) {
        MappingNode args = YamlEdits.mappingNode(FlowStyle.BLOCK);
        switch (v1Type) {
            case "python" -> {
                move(holder, "code", args, "code");
                move(holder, "env", args, "env");
                if (!inputs.getValue().isEmpty()) {
                    YamlEdits.put(args, "args", inputs);
                }
            }
            case "http" -> http(holder, inputs, args, todos);
            case "postgres", "duckdb", "sql" -> sql(holder, v1Type, args, todos);
            case "playbook", "playbooks" -> {
                move(holder, "path", args, "path");
                if (!inputs.getValue().isEmpty()) {
                    YamlEdits.put(args, "workload", inputs);
                }
            }
            case "log" -> {
                move(holder, "message", args, "message");
                move(holder, "level", args, "level");
            }
            default -> {
            }
        }
        for (NodeTuple tuple : List.copyOf(holder.getValue())) {
            String key = text(tuple.getKeyNode());
            boolean reported = key.equals("auth") && Set.of("http", "postgres", "duckdb", "sql").contains(v1Type);
            if (!STEP_KEYS.contains(key) && !reported) {
                todos.add(tuple.getKeyNode(), TodoKind.UNKNOWN_KEY, "`" + key + "` on a " + v1Type + " task",
                        "v2 has no such key: move what it does into the task's args, or remove it");
            }
        }
        if (!args.getValue().isEmpty()) {
            int at = YamlEdits.indexOf(holder, "type");
            YamlEdits.insert(holder, at < 0 ? holder.getValue().size() : at + 1, "args", args);
        }
    }

    private static void http(MappingNode holder, MappingNode inputs, MappingNode args, TodoList todos) {
        move(holder, "method", args, "method");
        move(holder, "url", args, "url");
        move(holder, "endpoint", args, "url");
        move(holder, "headers", args, "headers");
        move(holder, "params", args, "query");
        move(holder, "query", args, "query");
        remove(holder, "timeout").ifPresent(t -> YamlEdits.put(args, "timeout", duration(t.getValueNode())));
        String method = YamlEdits.scalar(args, "method").orElse("GET").toUpperCase(Locale.ROOT);
        if (!inputs.getValue().isEmpty()) {
            boolean inQuery = Set.of("GET", "DELETE", "HEAD").contains(method);
            Optional<MappingNode> query = YamlEdits.mapping(args, "query");
            if (inQuery && query.isPresent()) {
                query.get().getValue().addAll(inputs.getValue());
            } else {
                YamlEdits.put(args, inQuery ? "query" : "json", inputs);
            }
        }
        YamlEdits.tuple(holder, "auth").ifPresent(t -> httpAuth(holder, t, args, todos));
    }

    /**
     * v1 {@code auth} of an http task: a block already in v2's form ({@code type} bearer, basic or
     * api_key with that type's fields; v1's {@code username} is {@code user}) moves into
     * {@code args.auth}; anything else, a stored credential's name included, is a TODO that says what to write.
     */
    private static void httpAuth(MappingNode holder, NodeTuple auth, MappingNode args, TodoList todos) {
        if (auth.getValueNode() instanceof MappingNode block) {
            YamlEdits.rename(block, "username", "user");
            Set<String> fields = HTTP_AUTH_FIELDS.get(YamlEdits.scalar(block, "type").orElse(""));
            Set<String> written = new HashSet<>();
            block.getValue().forEach(t -> written.add(text(t.getKeyNode())));
            written.remove("type");
            if (fields != null && written.equals(fields)) {
                move(holder, "auth", args, "auth");
                return;
            }
        }
        String name = credentialName(auth).orElse("NAME");
        todos.add(auth.getKeyNode(), TodoKind.HTTP_AUTH, "`auth` on an http task", "write the credential as a v2"
                + " `args.auth` from a secret: `auth: {type: bearer, token: \"$secrets." + name + "\"}` (or `basic` with"
                + " `user` and `password`, `api_key` with `header` and `value`), then remove this `auth`");
    }

    private static void sql(MappingNode holder, String v1Type, MappingNode args, TodoList todos) {
        Optional<NodeTuple> auth = YamlEdits.tuple(holder, "auth");
        Optional<String> named = auth.flatMap(TaskArguments::credentialName);
        boolean duckdb = v1Type.equals("duckdb");
        YamlEdits.put(args, "connection", scalarNode(named.orElse(duckdb ? "duckdb" : "default")));
        if (named.isPresent()) {
            remove(holder, "auth");
        } else if (auth.isPresent()) {
            todos.add(auth.get().getKeyNode(), TodoKind.CONNECTION, "`auth: " + Optional.ofNullable(
                    text(auth.get().getValueNode())).orElse("{...}") + "`", "v2 SQL tasks name a connection the operator"
                    + " configures (playbatch.connections.NAME.url): configure one for this database, set `connection`"
                    + " to its name and remove `auth`");
        } else if (duckdb) {
            todos.add(keyAfter(holder, "type"), TodoKind.CONNECTION, "a duckdb task without `auth`",
                    "v1 gave the task a DuckDB database of its own; in v2 the DuckDB file is a named connection:"
                            + " configure playbatch.connections.duckdb.url=jdbc:duckdb:/path/file.duckdb, or set"
                            + " `connection` to the one you configured");
        }
        for (String key : List.of("command", "commands", "sql", "query")) {
            Optional<NodeTuple> sql = remove(holder, key);
            if (sql.isEmpty()) {
                continue;
            }
            String text = Optional.ofNullable(text(sql.get().getValueNode())).orElse("");
            List<String> statements = SqlText.statements(text);
            boolean lastIsQuery = !statements.isEmpty() && SqlText.isQuery(statements.get(statements.size() - 1));
            YamlEdits.put(args, lastIsQuery && statements.size() == 1 ? "query" : "statement", sql.get().getValueNode());
            if (lastIsQuery && statements.size() > 1) {
                todos.add(keyAfter(holder, "type"), YamlEdits.line(sql.get().getKeyNode()), TodoKind.SQL_RESULT,
                        "`" + key + "` ends with a query after other statements",
                        "a v2 `statement` returns {updated: n}, never rows: move the final query into a step of its own"
                                + " with `query`");
            }
            return;
        }
    }

    /** The credential a v1 {@code auth: NAME} names: a v2 named connection or secret plays its part. */
    static Optional<String> credentialName(NodeTuple auth) {
        return Optional.ofNullable(text(auth.getValueNode())).filter(CREDENTIAL_NAME.asPredicate());
    }

    /** Moves {@code from}'s value into {@code args} as {@code to}, keeping the value's comments. */
    private static void move(MappingNode holder, String from, MappingNode args, String to) {
        remove(holder, from).ifPresent(t -> YamlEdits.put(args, to, t.getValueNode()));
    }

    /** A v1 timeout in seconds as a v2 duration; a duration already written is kept. */
    static Node duration(Node value) {
        String text = text(value);
        if (text == null || !text.matches("\\d+(\\.\\d+)?")) {
            return value;
        }
        double seconds = Double.parseDouble(text);
        return scalarNode(seconds == Math.rint(seconds) ? (long) seconds + "s" : Math.round(seconds * 1000) + "ms");
    }

    /** The key node a TODO about the whole task is written above: the key after {@code type}, else {@code type}. */
    static Node keyAfter(MappingNode holder, String key) {
        return YamlEdits.tuple(holder, key).map(NodeTuple::getKeyNode)
                .orElse(holder.getValue().get(0).getKeyNode());
    }

    /** The merged v1 inputs of a holder, removed from it (later keys win). */
    static MappingNode takeInputs(MappingNode holder) {
        MappingNode inputs = YamlEdits.mappingNode(FlowStyle.BLOCK);
        for (String key : INPUT_KEYS) {
            remove(holder, key).ifPresent(t -> {
                if (t.getValueNode() instanceof MappingNode map) {
                    map.getValue().forEach(entry -> {
                        remove(inputs, text(entry.getKeyNode()));
                        inputs.getValue().add(entry);
                    });
                    if (inputs.getValue().size() == map.getValue().size()) {
                        inputs.setFlowStyle(map.getFlowStyle());
                    }
                }
            });
        }
        return inputs;
    }
}
