package io.playbatch.tasks;

import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;

/**
 * One task type ({@code noop}, {@code log}, {@code sql}, ...). Implementations are stateless
 * beans, safe to call from several workers at once. They return the envelope's {@code data} and
 * signal failure by throwing, preferably a {@link TaskFailure}; {@link TaskRunner} builds the envelope.
 */
public interface Task {

    /** The {@code type} name used in playbooks. */
    String type();

    Object run(RenderedTask task, TaskContext context) throws Exception;

    /**
     * Whether {@link TaskRunner} resolves the secret references in the args before {@link #run}
     * (docs/dsl.md#templates). A task whose whole job is to write its args where Playbatch keeps them (the
     * log) says no, and sees the references instead of the values.
     */
    default boolean receivesSecrets() {
        return true;
    }
}
