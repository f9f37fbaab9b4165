package io.playbatch.compiler.ir;

import io.playbatch.compiler.dsl.DurationSyntax;
import io.playbatch.compiler.dsl.mcp.McpSection;
import io.playbatch.compiler.dsl.ResourceReferences;
import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.diag.SourcePosition;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlScalar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link PlaybookGraph} of a playbook document: one {@link StepNode} per workflow step
 * (the first of duplicate names), workbook calls resolved into {@link TaskSpec}s with merged args,
 * and one {@link Edge} per {@code next} target, {@code when}/{@code else} target and
 * {@code on_failure}. Lenient: references to unknown steps are left out, since validation reports
 * them; the graph is only handed out when validation found no error. Thread-safe.
 */
public final class GraphBuilder {

    /** Defaults of a {@code retry} that omits its backoff. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final double DEFAULT_MULTIPLIER = 2.0;
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);
    /** {@code max_parallel} of a parallel loop that does not set it. */
    public static final int DEFAULT_MAX_PARALLEL = 4;

    public PlaybookGraph build(PlaybookDocument document, String contentHash) {
        return build(document, contentHash, defaultPath(document.file()));
    }

    /** The graph of {@code document}, named {@code defaultPath} unless it sets {@code metadata.path}. */
    public PlaybookGraph build(PlaybookDocument document, String contentHash, String defaultPath) {
        Map<String, PlaybookDocument.WorkbookTask> workbook = new LinkedHashMap<>();
        for (PlaybookDocument.WorkbookTask task : document.workbook()) {
            if (task.name() != null) {
                workbook.putIfAbsent(task.name(), task);
            }
        }
        McpDefinitions mcp = McpResolver.resolve(document.mcp());
        List<StepNode> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (PlaybookDocument.Step step : document.workflow()) {
            if (step.name() != null && names.add(step.name())) {
                nodes.add(node(step, workbook, mcp));
            }
        }
        List<Edge> edges = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (PlaybookDocument.Step step : document.workflow()) {
            if (step.name() == null || !seen.add(step.name())) {
                continue;
            }
            if (step.next() != null) {
                for (PlaybookDocument.Target target : step.next().names()) {
                    addEdge(edges, names, new Edge(step.name(), target.step(), EdgeKind.NEXT, null, -1,
                            target.position()));
                }
                for (PlaybookDocument.Case c : step.next().cases()) {
                    for (PlaybookDocument.Target target : c.then()) {
                        addEdge(edges, names, new Edge(step.name(), target.step(),
                                c.isElse() ? EdgeKind.ELSE : EdgeKind.WHEN, c.isElse() ? null : c.when(), c.index(),
                                target.position()));
                    }
                }
            }
            if (step.onFailure() != null && step.onFailure().step() != null) {
                addEdge(edges, names, new Edge(step.name(), step.onFailure().step(), EdgeKind.ON_FAILURE, null, -1,
                        step.onFailure().source().valuePosition("step")));
            }
        }
        addImplicitResources(document, workbook, mcp, nodes, names, edges);
        PlaybookDocument.Metadata metadata = document.metadata();
        String path = metadata != null && metadata.path() != null ? metadata.path() : defaultPath;
        List<ScheduleSpec> schedules = document.schedules().stream()
                .map(s -> new ScheduleSpec(s.cron(), s.timezone() == null ? "UTC" : s.timezone(),
                        s.missed() == null ? "none" : s.missed(), s.overlap() == null ? "skip" : s.overlap()))
                .toList();
        return new PlaybookGraph(metadata == null ? null : metadata.name(), path,
                metadata == null ? null : metadata.description(), metadata == null ? Map.of() : metadata.labels(),
                document.workload(), nodes, edges, document.output() == null ? null : document.output().toPlain(),
                schedules, document.file(), contentHash, mcp, exposure(metadata), recovery(document.recovery()));
    }

    /** The {@code recovery} as written, defaults filled in; validation has checked its values. */
    private static RecoverySpec recovery(PlaybookDocument.Recovery recovery) {
        if (recovery == null) {
            return RecoverySpec.defaults();
        }
        RecoverySpec.Resume resume = "manual".equals(recovery.resume()) ? RecoverySpec.Resume.MANUAL
                : RecoverySpec.Resume.AUTO;
        int maxResumes = recovery.maxResumes() == null ? RecoverySpec.DEFAULT_MAX_RESUMES
                : recovery.maxResumes().intValue();
        return new RecoverySpec(resume, maxResumes);
    }

    private static McpExposure exposure(PlaybookDocument.Metadata metadata) {
        YamlMap mcp = metadata == null ? null : metadata.mcp();
        if (mcp == null) {
            return McpExposure.none();
        }
        boolean expose = mcp.get("expose") instanceof YamlScalar s && Boolean.TRUE.equals(s.value());
        return new McpExposure(expose, plain(mcp.map("input_schema")));
    }

    /**
     * Adds a node {@code resource:NAME} per resource read through {@code $resources.NAME} (or a
     * turns {@code context}): the nodes run in a chain right after {@code start}, which takes over
     * start's transitions, so every reader finds them finished; a {@link EdgeKind#RESOURCE} edge
     * goes from each to every step that reads it. Output templates count as reads with no step.
     */
    private static void addImplicitResources(PlaybookDocument document,
            Map<String, PlaybookDocument.WorkbookTask> workbook, McpDefinitions mcp, List<StepNode> nodes,
            Set<String> names, List<Edge> edges) {
        Map<String, List<String>> readers = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (PlaybookDocument.Step step : document.workflow()) {
            if (step.name() == null || !seen.add(step.name())) {
                continue;
            }
            for (String resource : ResourceReferences.readBy(step, workbook, document.mcp())) {
                readers.computeIfAbsent(resource, r -> new ArrayList<>()).add(step.name());
            }
        }
        ResourceReferences.in(document.output(), "output")
                .forEach(u -> readers.computeIfAbsent(u.resource(), r -> new ArrayList<>()));
        List<McpResourceSpec> read = mcp.resources().values().stream().filter(r -> readers.containsKey(r.name()))
                .toList();
        int start = -1;
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).kind() == NodeKind.START) {
                start = i;
            }
        }
        if (read.isEmpty() || start < 0) {
            return;
        }
        List<StepNode> resourceNodes = new ArrayList<>();
        for (McpResourceSpec resource : read) {
            McpSection.Resource declared = document.mcp().resources().get(resource.name());
            SourcePosition at = document.mcp().source().map("resources").keyPosition(resource.name());
            resourceNodes.add(new StepNode(resource.nodeName(), NodeKind.TASK, null,
                    new TaskSpec(TaskSpec.MCP_RESOURCE_READ, plain(declared.args()), null, resource), null,
                    RetrySpec.none(), null, null, null, at));
            names.add(resource.nodeName());
        }
        nodes.addAll(start + 1, resourceNodes);
        String startName = nodes.get(start).name();
        String last = resourceNodes.get(resourceNodes.size() - 1).name();
        List<Edge> moved = new ArrayList<>();
        for (Edge edge : edges) {
            moved.add(edge.from().equals(startName) ? new Edge(last, edge.to(), edge.kind(), edge.condition(),
                    edge.caseIndex(), edge.position()) : edge);
        }
        edges.clear();
        String previous = startName;
        for (StepNode node : resourceNodes) {
            edges.add(new Edge(previous, node.name(), EdgeKind.NEXT, null, -1, node.position()));
            previous = node.name();
        }
        edges.addAll(moved);
        for (StepNode node : resourceNodes) {
            for (String reader : readers.get(node.name().substring(McpResourceSpec.NODE_PREFIX.length()))) {
                edges.add(new Edge(node.name(), reader, EdgeKind.RESOURCE, null, -1, node.position()));
            }
        }
    }

    private static void addEdge(List<Edge> edges, Set<String> names, Edge edge) {
        if (names.contains(edge.to()) && !edges.contains(edge)) {
            edges.add(edge);
        }
    }

    private StepNode node(PlaybookDocument.Step step, Map<String, PlaybookDocument.WorkbookTask> workbook,
            McpDefinitions mcp) {
        TaskSpec task = task(step, workbook, mcp);
        NodeKind kind;
        if ("start".equals(step.name())) {
            kind = NodeKind.START;
            task = TaskSpec.noop();
        } else if ("end".equals(step.name())) {
            kind = NodeKind.END;
            task = TaskSpec.noop();
        } else if (task.agentLoop().isPresent()) {
            kind = NodeKind.AGENT_LOOP;
        } else if (step.loop() != null) {
            kind = NodeKind.LOOP;
        } else if ("chunk".equals(task.type())) {
            kind = NodeKind.CHUNK;
        } else if ("bean".equals(task.type())) {
            kind = NodeKind.BEAN;
        } else if ("playbook".equals(task.type())) {
            kind = NodeKind.SUB_PLAYBOOK;
        } else {
            kind = NodeKind.TASK;
        }
        LoopSpec loop = null;
        if (step.loop() != null) {
            boolean sequential = "sequential".equals(step.loop().mode());
            loop = new LoopSpec(step.loop().over(), step.loop().as(),
                    sequential ? LoopSpec.Mode.SEQUENTIAL : LoopSpec.Mode.PARALLEL,
                    sequential ? 1 : step.loop().maxParallel() == null ? DEFAULT_MAX_PARALLEL : step.loop().maxParallel());
        }
        RetrySpec retry = task.mcpTool().map(McpToolSpec::retry).orElse(RetrySpec.none());
        if (step.retry() != null) {
            PlaybookDocument.Retry r = step.retry();
            retry = new RetrySpec(r.maxAttempts() == null ? 1 : r.maxAttempts(),
                    DurationSyntax.parse(r.initial()).orElse(DEFAULT_INITIAL_BACKOFF),
                    r.multiplier() == null ? DEFAULT_MULTIPLIER : r.multiplier(),
                    DurationSyntax.parse(r.max()).orElse(DEFAULT_MAX_BACKOFF));
        }
        Duration timeout = DurationSyntax.parse(step.timeout()).orElse(null);
        OnFailureSpec onFailure = step.onFailure() == null || step.onFailure().step() == null ? null
                : new OnFailureSpec(step.onFailure().step(), "continue".equals(step.onFailure().then()));
        return new StepNode(step.name(), kind, step.desc(), task, loop, retry, timeout, plain(step.save()), onFailure,
                namePosition(step));
    }

    /** Where a step's name is written: its identity in every diagnostic about the step. */
    public static SourcePosition namePosition(PlaybookDocument.Step step) {
        return step.source().get("step") instanceof YamlScalar s ? s.position() : step.source().position();
    }

    private static TaskSpec task(PlaybookDocument.Step step, Map<String, PlaybookDocument.WorkbookTask> workbook,
            McpDefinitions mcp) {
        String called = step.task() != null ? step.task().workbook() : step.callable();
        YamlMap callArgs = step.task() != null ? step.task().args() : step.args();
        if (called != null && workbook.containsKey(called)) {
            PlaybookDocument.WorkbookTask definition = workbook.get(called);
            return new TaskSpec(definition.type(), merged(definition.args(), callArgs), definition.name());
        }
        if (step.callable() != null) {
            String name = step.callable();
            if (mcp.tools().containsKey(name)) {
                return new TaskSpec(TaskSpec.MCP_TOOL_CALL, plain(step.args()), null, mcp.tools().get(name));
            }
            if (mcp.resources().containsKey(name)) {
                McpResourceSpec resource = mcp.resources().get(name);
                return new TaskSpec(TaskSpec.MCP_RESOURCE_READ, mergedPlain(resource.args(), step.args()), null,
                        resource);
            }
            if (mcp.turns().containsKey(name)) {
                return new TaskSpec(TaskSpec.AGENT_LOOP, Map.of(), null, mcp.turns().get(name));
            }
            return TaskSpec.noop();
        }
        if (called != null) {
            return TaskSpec.noop();
        }
        if (step.type() != null) {
            return new TaskSpec(step.type(), step.args() == null ? Map.of() : plain(step.args()), null);
        }
        return TaskSpec.noop();
    }

    private static Map<String, Object> merged(YamlMap base, YamlMap over) {
        Map<String, Object> args = new LinkedHashMap<>();
        if (base != null) {
            args.putAll(plain(base));
        }
        if (over != null) {
            args.putAll(plain(over));
        }
        return args;
    }

    private static Map<String, Object> mergedPlain(Map<String, Object> base, YamlMap over) {
        Map<String, Object> args = new LinkedHashMap<>(base);
        if (over != null) {
            args.putAll(plain(over));
        }
        return args;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(YamlMap map) {
        return map == null ? null : (Map<String, Object>) map.toPlain();
    }

    /**
     * The catalog path of a name that is not a file read from disk (for files see
     * {@code CatalogPaths} in the compiler package) and does not set {@code metadata.path}: the path without its
     * extension, without leading {@code ./} or {@code ../} and without the {@code job-configs/}
     * directory, so {@code job-configs/examples/hello.yaml} is {@code examples/hello}.
     */
    public static String defaultPath(String file) {
        String path = file == null ? "playbook" : file.replace('\\', '/');
        int configs = path.lastIndexOf("job-configs/");
        if (configs >= 0 && (configs == 0 || path.charAt(configs - 1) == '/')) {
            path = path.substring(configs + "job-configs/".length());
        }
        while (path.startsWith("./") || path.startsWith("../")) {
            path = path.substring(path.indexOf('/') + 1);
        }
        if (path.startsWith("/")) {
            path = path.substring(path.lastIndexOf('/') + 1);
        }
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') ? path.substring(0, dot) : path;
    }
}
