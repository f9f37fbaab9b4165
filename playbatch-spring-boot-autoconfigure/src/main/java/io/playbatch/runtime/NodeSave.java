package io.playbatch.runtime;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.render.RenderContext;
import io.playbatch.render.RenderException;
import io.playbatch.render.StepConfigRenderer;
import io.playbatch.save.DataSaver;
import io.playbatch.save.SaveException;

/**
 * A node's {@code save}, run in this manager process once the node's data is known: renders the
 * {@code save} map in the node's context and writes the data where it says. Shared by the tasklet,
 * chunk and agent-loop steps, which each complete only once their data is saved. Thread-safe.
 */
final class NodeSave {

    private final RunContextLoader contexts;
    private final StepConfigRenderer renderer;
    private final DataSaver saver;

    NodeSave(RunContextLoader contexts, StepConfigRenderer renderer, DataSaver saver) {
        this.contexts = contexts;
        this.renderer = renderer;
        this.saver = saver;
    }

    /**
     * Saves {@code data} as {@code node.save()} says; the caller checks that the node has a {@code save}.
     *
     * @throws RenderException when the {@code save} map does not render
     * @throws SaveException   when the write fails
     */
    void save(long executionId, PlaybookGraph graph, StepNode node, Object data) {
        RenderContext context = contexts.load(executionId, graph.path(), node.name());
        saver.save(renderer.renderMap(node.save(), context, "save"), data);
    }
}
