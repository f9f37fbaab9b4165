package io.playbatch.testsupport;

import io.playbatch.compiler.batch.StepFactory;
import io.playbatch.compiler.diag.SourcePosition;
import io.playbatch.compiler.ir.Edge;
import io.playbatch.compiler.ir.EdgeKind;
import io.playbatch.compiler.ir.LoopSpec;
import io.playbatch.compiler.ir.NodeKind;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.RetrySpec;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.compiler.ir.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;

/**
 * Playbook graphs and jobs built by hand, for runtime tests and the benchmark: a straight line of
 * nodes from {@code start} to {@code end}, and its job assembled the way the compiler's
 * {@code JobGraphAssembler} does (a loop becomes a partitioned step built from the step factory's
 * partitioner, worker step and partition handler).
 */
public final class Graphs {

    private static final SourcePosition HERE = SourcePosition.unknown("test");

    private Graphs() {
    }

    public static StepNode task(String name, String type, Map<String, Object> args, RetrySpec retry) {
        return new StepNode(name, NodeKind.TASK, null, new TaskSpec(type, args, null), null, retry, null, null, null,
                HERE);
    }

    public static StepNode timed(StepNode node, java.time.Duration timeout) {
        return new StepNode(node.name(), node.kind(), node.description(), node.task(), node.loop(), node.retry(),
                timeout, node.save(), node.onFailure(), node.position());
    }

    public static StepNode loop(String name, LoopSpec loop, String type, Map<String, Object> args, RetrySpec retry) {
        return new StepNode(name, NodeKind.LOOP, null, new TaskSpec(type, args, null), loop, retry, null, null, null,
                HERE);
    }

    public static RetrySpec retry(int attempts, long initialMs, double multiplier, long maxMs) {
        return new RetrySpec(attempts, java.time.Duration.ofMillis(initialMs), multiplier,
                java.time.Duration.ofMillis(maxMs));
    }

    /** {@code start → nodes... → end}, every edge a plain {@code next}. */
    public static PlaybookGraph line(String path, Map<String, Object> workload, StepNode... middle) {
        List<StepNode> nodes = new ArrayList<>();
        nodes.add(new StepNode("start", NodeKind.START, null, TaskSpec.noop(), null, RetrySpec.none(), null, null, null,
                HERE));
        nodes.addAll(List.of(middle));
        nodes.add(new StepNode("end", NodeKind.END, null, TaskSpec.noop(), null, RetrySpec.none(), null, null, null,
                HERE));
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i + 1 < nodes.size(); i++) {
            edges.add(new Edge(nodes.get(i).name(), nodes.get(i + 1).name(), EdgeKind.NEXT, null, 0, HERE));
        }
        return new PlaybookGraph(path.replace('/', '_'), path, null, Map.of(), workload, nodes, edges, null, List.of(),
                "test.yaml", sha256(path));
    }

    /** The job of a straight-line graph: each node in order, loops as partitioned steps. */
    public static Job job(PlaybookGraph graph, StepFactory factory, JobRepository repository) {
        SimpleJobBuilder job = null;
        for (StepNode node : graph.nodes()) {
            Step step = node.kind() == NodeKind.LOOP ? loopStep(graph, node, factory, repository)
                    : factory.step(graph, node);
            job = job == null ? new JobBuilder(graph.path(), repository).start(step) : job.next(step);
        }
        return job.build();
    }

    private static Step loopStep(PlaybookGraph graph, StepNode node, StepFactory factory, JobRepository repository) {
        Step worker = factory.partitionWorkerStep(graph, node);
        return new StepBuilder(node.name(), repository)
                .partitioner(node.name() + ":partition", factory.partitioner(graph, node))
                .step(worker)
                .partitionHandler(factory.partitionHandler(graph, node, worker))
                .build();
    }

    /** Hand-built graphs have no file; their revision is the hash of their path. */
    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
