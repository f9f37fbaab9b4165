package io.playbatch.compiler;

import io.playbatch.compiler.dsl.SourcePosition;
import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.LoopSpec;
import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.OnFailureSpec;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.RetrySpec;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.compiler.ir.TaskSpec;
import io.playbatch.compiler.validate.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Entry point of the compiler: parses a playbook, validates it (JSON Schema, then semantic rules
 * and template checks) and builds its {@link io.playbatch.compiler.ir.PlaybookGraph}. Never throws
 * for bad input: every problem, a missing file included, is a diagnostic. Thread-safe.
 */
public final class PlaybookCompiler {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** Compiles a file; its path as given is the file name in diagnostics. */
    public CompilationResult compile(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return failed(name, "PB000", "file-not-found", "no such file", "check the path; playbooks are YAML files");
        } catch (IOException e) {
            return failed(name, "PB000", "file-not-found", "cannot read the file: " + e.getMessage(),
                    "check the path and its permissions");
        }
        return compile(name, new String(bytes, StandardCharsets.UTF_8));
    }

    /** Compiles YAML text; {@code fileName} names it in diagnostics and defaults the catalog path. */
    public CompilationResult compile(String fileName, String yamlText) {
        Map<String, Object> root;
        try {
            root = YAML.readValue(yamlText, new TypeReference<Map<String, Object>>() { });
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            SourcePosition position = at == null ? SourcePosition.unknown(fileName)
                    : new SourcePosition(fileName, at.getLineNr(), at.getColumnNr());
            return new CompilationResult(fileName, Optional.empty(), List.of(new Diagnostic("PB001", "yaml-syntax",
                    Diagnostic.Severity.ERROR, e.getOriginalMessage().lines().findFirst().orElse("invalid YAML"),
                    position, "fix the YAML syntax at this position")));
        }
        if (root == null) {
            return failed(fileName, "PB002", "empty-playbook", "the file is empty", "start from job-configs/examples/hello.yaml");
        }
        List<Diagnostic> problems = new ArrayList<>();
        checkKeys(root, TOP_KEYS, "", fileName, problems);
        if (!"playbatch.io/v2".equals(root.get("apiVersion"))) {
            problems.add(error(fileName, "PB003", "wrong-api-version", "apiVersion is " + root.get("apiVersion")
                    + ", expected playbatch.io/v2", "write 'apiVersion: playbatch.io/v2' (this is a breaking v2)"));
        }
        List<Object> workflowItems = list(root.get("workflow"));
        for (int i = 0; i < workflowItems.size(); i++) {
            checkKeys(map(workflowItems.get(i)), STEP_KEYS, "workflow[" + i + "].", fileName, problems);
        }
        Map<String, Object> metadata = map(root.get("metadata"));
        String name = String.valueOf(metadata.getOrDefault("name", ""));
        String path = metadata.get("path") != null ? String.valueOf(metadata.get("path")) : defaultPath(fileName);
        List<StepNode> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        SourcePosition where = SourcePosition.unknown(fileName);
        for (Object item : list(root.get("workflow"))) {
            Map<String, Object> step = map(item);
            String stepName = String.valueOf(step.get("step"));
            NodeKind kind = "start".equals(stepName) ? NodeKind.START : "end".equals(stepName) ? NodeKind.END
                    : step.get("loop") != null ? NodeKind.LOOP : NodeKind.TASK;
            TaskSpec task = step.get("type") != null
                    ? new TaskSpec(String.valueOf(step.get("type")), map(step.get("args")), null) : TaskSpec.noop();
            Map<String, Object> loop = map(step.get("loop"));
            LoopSpec loopSpec = step.get("loop") == null ? null : new LoopSpec(String.valueOf(loop.get("over")),
                    String.valueOf(loop.get("as")), "sequential".equals(loop.get("mode")) ? LoopSpec.Mode.SEQUENTIAL
                    : LoopSpec.Mode.PARALLEL, ((Number) loop.getOrDefault("max_parallel", 4)).intValue());
            Map<String, Object> onFailure = map(step.get("on_failure"));
            nodes.add(new StepNode(stepName, kind, (String) step.get("desc"), task, loopSpec, RetrySpec.none(), null,
                    step.get("save") == null ? null : map(step.get("save")),
                    step.get("on_failure") == null ? null
                            : new OnFailureSpec(String.valueOf(onFailure.get("step")), "continue".equals(onFailure.get("then"))),
                    where));
            List<Object> next = list(step.get("next"));
            for (int i = 0; i < next.size(); i++) {
                Object target = next.get(i);
                if (target instanceof String to) {
                    edges.add(new Edge(stepName, to, EdgeKind.NEXT, null, 0, where));
                } else {
                    Map<String, Object> branch = map(target);
                    boolean isElse = branch.containsKey("else");
                    for (Object to : list(isElse ? branch.get("else") : branch.get("then"))) {
                        edges.add(new Edge(stepName, String.valueOf(to), isElse ? EdgeKind.ELSE : EdgeKind.WHEN,
                                isElse ? null : String.valueOf(branch.get("when")), i, where));
                    }
                }
            }
            if (step.get("on_failure") != null) {
                edges.add(new Edge(stepName, String.valueOf(onFailure.get("step")), EdgeKind.ON_FAILURE, null, 0, where));
            }
        }
        if (nodes.stream().noneMatch(n -> n.kind() == NodeKind.START)) {
            problems.add(new Diagnostic("PB010", "missing-start", Diagnostic.Severity.ERROR,
                    "the workflow has no 'start' step", where, "add '- step: start' with 'next' as the first step"));
        }
        for (Edge edge : edges) {
            if (nodes.stream().noneMatch(n -> n.name().equals(edge.to()))) {
                problems.add(new Diagnostic("PB012", "unknown-step-reference", Diagnostic.Severity.ERROR,
                        "step '" + edge.from() + "' refers to unknown step '" + edge.to() + "'", where,
                        "name a step of the workflow"));
            }
        }
        if (!problems.isEmpty()) {
            return new CompilationResult(fileName, Optional.empty(), problems);
        }
        PlaybookGraph graph = new PlaybookGraph(name, path, (String) metadata.get("description"), Map.of(),
                map(root.get("workload")), nodes, edges, root.get("output"), List.of(), fileName,
                sha256(yamlText));
        return new CompilationResult(fileName, Optional.of(graph), List.of());
    }

    private static final List<String> TOP_KEYS = List.of("apiVersion", "kind", "metadata", "workload", "workbook",
            "workflow", "output", "schedules", "mcp");
    private static final List<String> STEP_KEYS = List.of("step", "desc", "type", "args", "task", "loop", "retry",
            "timeout", "next", "on_failure", "save");
    private static final Map<String, String> LEGACY = Map.of(
            "with", "use 'args' instead of 'with' (v2 renamed the step input)",
            "payload", "use 'args' instead of 'payload' (v2 renamed the step input)",
            "data", "use 'args' instead of 'data' for step input");

    /** DSL keys whose behaviour this build does not run yet: accepting them silently would mislead. */
    private static final List<String> NOT_RUN_YET = List.of("workbook", "schedules", "mcp", "task", "loop", "retry",
            "timeout", "save");

    /** Keys not in the DSL are errors, so a typo never passes silently. */
    private static void checkKeys(Map<String, Object> map, List<String> allowed, String prefix, String file,
            List<Diagnostic> problems) {
        for (String key : map.keySet()) {
            if (NOT_RUN_YET.contains(key) && allowed.contains(key)) {
                problems.add(error(file, "PB022", "not-supported-yet", prefix + key
                        + " is part of the v2 DSL but this build does not run it yet",
                        "remove '" + key + "' or run the playbook with a build that supports it (see docs/dsl.md)"));
                continue;
            }
            if (allowed.contains(key)) {
                continue;
            }
            if (LEGACY.containsKey(key) && allowed == STEP_KEYS) {
                problems.add(error(file, "PB020", "legacy-key", prefix + key + " is a v1 key", LEGACY.get(key)));
            } else {
                String suggestion = allowed.stream().min(java.util.Comparator.comparingInt(k -> distance(k, key)))
                        .filter(k -> distance(k, key) <= 2).map(k -> "did you mean '" + k + "'?")
                        .orElse("allowed keys: " + String.join(", ", allowed));
                problems.add(error(file, "PB021", "unknown-key", "unknown key " + prefix + key, suggestion));
            }
        }
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.length()];
    }

    private static Diagnostic error(String file, String code, String name, String message, String hint) {
        return new Diagnostic(code, name, Diagnostic.Severity.ERROR, message, SourcePosition.unknown(file), hint);
    }

    private static CompilationResult failed(String file, String code, String name, String message, String hint) {
        return new CompilationResult(file, Optional.empty(), List.of(new Diagnostic(code, name,
                Diagnostic.Severity.ERROR, message, SourcePosition.unknown(file), hint)));
    }

    private static String defaultPath(String fileName) {
        String path = fileName.replace('\\', '/');
        while (path.startsWith("./") || path.startsWith("../")) {
            path = path.substring(path.indexOf('/') + 1);
        }
        if (path.startsWith("job-configs/")) {
            path = path.substring("job-configs/".length());
        }
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') ? path.substring(0, dot) : path;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
