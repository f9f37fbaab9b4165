package io.playbatch.tasks;

/**
 * One task type ({@code noop}, {@code log}, {@code sql}, ...). Implementations are stateless
 * beans, safe to call from several workers at once. They return the envelope's {@code data} and
 * signal failure by throwing, preferably a {@link TaskFailure}; {@link TaskRunner} builds the envelope.
 */
public interface Task {

    /** The {@code type} name used in playbooks. */
    String type();

    Object run(RenderedTask task, TaskContext context) throws Exception;
}
