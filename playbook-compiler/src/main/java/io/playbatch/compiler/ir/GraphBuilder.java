package io.playbatch.compiler.ir;

import io.playbatch.compiler.dsl.DurationSyntax;
import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.dsl.SourcePosition;
import io.playbatch.compiler.dsl.YamlMap;
import io.playbatch.compiler.dsl.YamlScalar;
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
        Map<String, PlaybookDocument.WorkbookTask> workbook = new LinkedHashMap<>();
        for (PlaybookDocument.WorkbookTask task : document.workbook()) {
            if (task.name() != null) {
                workbook.putIfAbsent(task.name(), task);
            }
        }
        List<StepNode> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (PlaybookDocument.Step step : document.workflow()) {
            if (step.name() != null && names.add(step.name())) {
                nodes.add(node(step, workbook));
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
        PlaybookDocument.Metadata metadata = document.metadata();
        String path = metadata != null && metadata.path() != null ? metadata.path() : defaultPath(document.file());
        List<ScheduleSpec> schedules = document.schedules().stream()
                .map(s -> new ScheduleSpec(s.cron(), s.timezone() == null ? "UTC" : s.timezone(),
                        s.missed() == null ? "none" : s.missed(), s.overlap() == null ? "skip" : s.overlap()))
                .toList();
        return new PlaybookGraph(metadata == null ? null : metadata.name(), path,
                metadata == null ? null : metadata.description(), metadata == null ? Map.of() : metadata.labels(),
                document.workload(), nodes, edges, document.output() == null ? null : document.output().toPlain(),
                schedules, document.file(), contentHash);
    }

    private static void addEdge(List<Edge> edges, Set<String> names, Edge edge) {
        if (names.contains(edge.to()) && !edges.contains(edge)) {
            edges.add(edge);
        }
    }

    private StepNode node(PlaybookDocument.Step step, Map<String, PlaybookDocument.WorkbookTask> workbook) {
        TaskSpec task = task(step, workbook);
        NodeKind kind;
        if ("start".equals(step.name())) {
            kind = NodeKind.START;
            task = TaskSpec.noop();
        } else if ("end".equals(step.name())) {
            kind = NodeKind.END;
            task = TaskSpec.noop();
        } else if (step.loop() != null) {
            kind = NodeKind.LOOP;
        } else if ("chunk".equals(task.type())) {
            kind = NodeKind.CHUNK;
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
        RetrySpec retry = RetrySpec.none();
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

    private static TaskSpec task(PlaybookDocument.Step step, Map<String, PlaybookDocument.WorkbookTask> workbook) {
        if (step.task() != null && step.task().workbook() != null) {
            PlaybookDocument.WorkbookTask definition = workbook.get(step.task().workbook());
            if (definition == null) {
                return TaskSpec.noop();
            }
            Map<String, Object> args = new LinkedHashMap<>();
            if (definition.args() != null) {
                args.putAll(plain(definition.args()));
            }
            if (step.task().args() != null) {
                args.putAll(plain(step.task().args()));
            }
            return new TaskSpec(definition.type(), args, definition.name());
        }
        if (step.type() != null) {
            return new TaskSpec(step.type(), step.args() == null ? Map.of() : plain(step.args()), null);
        }
        return TaskSpec.noop();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(YamlMap map) {
        return map == null ? null : (Map<String, Object>) map.toPlain();
    }

    /**
     * The catalog path of a file that does not set {@code metadata.path}: the path without its
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
