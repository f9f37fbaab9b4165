package io.playbatch.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.secrets.SecretResolver;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;
import io.playbatch.testsupport.ScriptedTask;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one place where what a task returns leaves the worker: whatever way the task ends, the
 * values of the secrets it was given come out as references.
 */
class TaskRunnerMaskingTest {

    private static final String VALUE = "s3cret-value-for-masking";
    private static final SecretResolver SECRETS = new SecretResolver(Map.of("PLAYBATCH_SECRET_TOKEN", VALUE), null);
    private static final TaskContext CONTEXT = new TaskContext(1, "echo", 1, "worker-1");
    private static final RenderedTask ECHO = new RenderedTask("echo", Map.of("token", Map.of("$secret", "token")));

    @Test
    void dataEchoingTheSecretIsStoredWithTheReference() {
        TaskRunner runner = new TaskRunner(List.of(new ScriptedTask("echo",
                (task, context) -> Map.of("heard", "Bearer " + task.args().get("token")))), SECRETS);

        TaskResult result = runner.run(ECHO, CONTEXT);

        assertThat(result.ok()).isTrue();
        assertThat(result.data()).isEqualTo(Map.of("heard", "Bearer [secret:token]"));
    }

    @Test
    void aFailureQuotingTheSecretIsStoredWithTheReference() {
        TaskRunner runner = new TaskRunner(List.of(new ScriptedTask("echo", (task, context) -> {
            throw new TaskFailure("http_status", "server answered 401: invalid token " + task.args().get("token"));
        })), SECRETS);

        TaskResult result = runner.run(ECHO, CONTEXT);

        assertThat(result.ok()).isFalse();
        assertThat(result.errorType()).isEqualTo("http_status");
        assertThat(result.errorMessage()).isEqualTo("server answered 401: invalid token [secret:token]");
    }

    @Test
    void anUnexpectedExceptionQuotingTheSecretIsStoredWithTheReference() {
        TaskRunner runner = new TaskRunner(List.of(new ScriptedTask("echo", (task, context) -> {
            throw new IllegalStateException("cannot parse " + task.args().get("token"));
        })), SECRETS);

        assertThat(runner.run(ECHO, CONTEXT).errorMessage()).isEqualTo("cannot parse [secret:token]");
    }

    @Test
    void aTaskGivenNoSecretIsNotMasked() {
        TaskRunner runner = new TaskRunner(List.of(new ScriptedTask("echo", (task, context) -> VALUE)), SECRETS);

        TaskResult result = runner.run(new RenderedTask("echo", Map.of()), CONTEXT);

        // Masking hides what the task was given; a value it found by itself is its data.
        assertThat(result.data()).isEqualTo(VALUE);
    }
}
