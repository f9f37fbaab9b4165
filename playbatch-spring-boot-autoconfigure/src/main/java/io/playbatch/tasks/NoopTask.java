package io.playbatch.tasks;

import io.playbatch.taskmodel.RenderedTask;
import org.springframework.stereotype.Component;

/** {@code noop}: does nothing and returns null data; routers, ends and placeholders use it. */
@Component
public class NoopTask implements Task {

    @Override
    public String type() {
        return "noop";
    }

    @Override
    public Object run(RenderedTask task, TaskContext context) {
        return null;
    }
}
