package io.playbatch.runtime;

import io.playbatch.beans.PlaybookBeans;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.render.RenderContext;
import io.playbatch.render.StepConfigRenderer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * A bean step's call of its bean (docs/beans.md). When the step starts, {@link #bind} renders the
 * args, puts them (without {@code bean}) into the step's execution context as
 * {@value #ARGS}, where a step-scoped bean reads them, and looks the bean up; the step then runs it:
 * a {@link Tasklet} as the step's tasklet, a {@link Function} with the args as its map, once. The
 * step's data is what the function returned, or what the tasklet put under {@value #RESULT} in the
 * step's execution context. One call belongs to one step of one assembled job, bound and run in the
 * step's thread.
 */
final class BeanCall implements Tasklet, InlineNodeListener.Work {

    /** The execution-context key of the rendered args. */
    static final String ARGS = "playbatch.args";
    /** The execution-context key a tasklet puts its result under. */
    static final String RESULT = "playbatch.result";

    private final PlaybookBeans beans;
    private final StepConfigRenderer renderer;
    private final StepNode node;
    private Object bean;
    private Map<String, Object> args;
    private Object functionResult;

    BeanCall(PlaybookBeans beans, StepConfigRenderer renderer, StepNode node) {
        this.beans = beans;
        this.renderer = renderer;
        this.node = node;
    }

    @Override
    public void bind(RenderContext context, StepExecution stepExecution) {
        functionResult = null;
        Map<String, Object> rendered = new LinkedHashMap<>(renderer.renderMap(node.task().args(), context, "args"));
        String name = String.valueOf(rendered.remove("bean"));
        args = rendered;
        stepExecution.getExecutionContext().put(ARGS, rendered);
        bean = beans.get(name, "step " + node.name(), Tasklet.class, Function.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        if (bean instanceof Tasklet tasklet) {
            return tasklet.execute(contribution, chunkContext);
        }
        functionResult = ((Function<Map<String, Object>, Object>) bean).apply(args);
        return RepeatStatus.FINISHED;
    }

    @Override
    public Object data(StepExecution stepExecution) {
        return bean instanceof Tasklet ? stepExecution.getExecutionContext().get(RESULT) : functionResult;
    }

    @Override
    public String failureType() {
        return "bean_failed";
    }
}
