package io.playbatch.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.testsupport.Deadline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTaskTest {

    private final TaskRunner runner = new TaskRunner(List.of(new CommandTask(new JsonCodec())));
    private final TaskContext context = new TaskContext(1, "cmd", 1, "test");

    private TaskResult run(Map<String, Object> args) {
        return runner.run(new RenderedTask("command", args), context);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(TaskResult result) {
        assertThat(result.ok()).as(result.errorType() + ": " + result.errorMessage()).isTrue();
        return (Map<String, Object>) result.data();
    }

    @Test
    void argvRunsWithoutAShellAndCapturesBothStreams() {
        Map<String, Object> data = data(run(Map.of("argv", List.of("sh", "-c", "echo out; echo err >&2", "$HOME"))));

        assertThat(data).containsEntry("exit_code", 0).containsEntry("stdout", "out\n").containsEntry("stderr", "err\n");
    }

    @Test
    void argvArgumentsAreNotInterpretedByAShell() {
        Map<String, Object> data = data(run(Map.of("argv", List.of("echo", "$HOME", "a;b", "*"))));

        assertThat(data.get("stdout")).isEqualTo("$HOME a;b *\n");
    }

    @Test
    void shellTrueRunsOneStringWithBinSh(@TempDir Path dir) throws Exception {
        Map<String, Object> data = data(run(Map.of("argv", "echo \"$GREETING\" | tr a-z A-Z; pwd", "shell", true,
                "env", Map.of("GREETING", "hello"), "cwd", dir.toString())));

        assertThat(data.get("stdout")).isEqualTo("HELLO\n" + dir.toRealPath() + "\n");
    }

    @Test
    void jsonOutputIsParsed() {
        Map<String, Object> data = data(run(Map.of("argv", List.of("echo", "{\"rows\": 3, \"ok\": true}"),
                "output", "json")));

        assertThat(data.get("stdout")).isEqualTo(Map.of("rows", 3, "ok", true));
    }

    @Test
    void jsonOutputThatIsNotJsonFailsWithCommandBadJson() {
        TaskResult result = run(Map.of("argv", List.of("echo", "rows=3"), "output", "json"));

        assertThat(result.errorType()).isEqualTo("command_bad_json");
        assertThat(result.errorMessage()).contains("rows=3").contains("output: json").contains("echo");
    }

    @Test
    void unexpectedExitCodeFailsWithTheCodeAndTheEndOfStderr() {
        TaskResult result = run(Map.of("argv", List.of("sh", "-c", "echo 'disk full on /data' >&2; exit 3")));

        assertThat(result.errorType()).isEqualTo("command_exit");
        assertThat(result.errorMessage()).contains("exited with code 3").contains("expected 0")
                .contains("disk full on /data");
    }

    @Test
    void expectAcceptsOtherExitCodes() {
        Map<String, Object> data = data(run(Map.of("argv", List.of("sh", "-c", "exit 1"), "expect", List.of(0, 1))));

        assertThat(data.get("exit_code")).isEqualTo(1);
    }

    @Test
    void largeOutputIsBoundedAndTheCutIsNoted() {
        Map<String, Object> data = data(run(Map.of("argv", List.of("sh", "-c", "head -c 200000 /dev/zero | tr '\\0' x"))));

        String stdout = (String) data.get("stdout");
        assertThat(stdout).startsWith("xxxx").contains("[truncated: 200000 bytes, first 65536 kept]");
        assertThat(stdout.length()).isLessThan(ProcessRunner.CAPTURE_BYTES + 100);
    }

    @Test
    void missingExecutableFailsWithCommandNotFoundNamingIt() {
        TaskResult result = run(Map.of("argv", List.of("no-such-program-xyz", "--help")));

        assertThat(result.errorType()).isEqualTo("command_not_found");
        assertThat(result.errorMessage()).contains("'no-such-program-xyz'").contains("PATH")
                .contains("install it");
    }

    @Test
    void badArgsSayWhatToWrite() {
        assertThat(run(Map.of()).errorMessage()).contains("needs args.argv").contains("argv: [ls, -l");
        assertThat(run(Map.of("argv", "ls -l")).errorMessage()).contains("give a list").contains("shell: true");
        assertThat(run(Map.of("argv", List.of("ls"), "shell", true)).errorMessage())
                .contains("with shell: true, args.argv must be one string");
        assertThat(run(Map.of("argv", List.of("ls"), "output", "yaml")).errorMessage())
                .contains("'yaml' is not one of text, json");
        assertThat(run(Map.of("argv", List.of("ls"), "cwd", "/no/such/dir")).errorMessage())
                .contains("'/no/such/dir' is not an existing directory");
        assertThat(run(Map.of("argv", List.of("ls"), "env", "A=1")).errorMessage()).contains("args.env must be a mapping");
        assertThat(run(Map.of("argv", List.of("ls"), "expect", "zero")).errorMessage())
                .contains("args.expect must be exit codes");
        assertThat(run(Map.of("argv", List.of())).errorType()).isEqualTo("bad_args");
    }

    @Test
    void interruptionKillsTheWholeProcessTree() throws Exception {
        // The marker makes these sleeps findable among the test JVM's descendants.
        String marker = "sleep 6" + (100 + (int) (Math.random() * 800));
        AtomicReference<TaskResult> result = new AtomicReference<>();
        Thread worker = new Thread(() -> result.set(run(Map.of("argv", List.of("sh", "-c",
                marker + " & " + marker + "; wait")))));
        worker.start();
        Deadline.await(Duration.ofSeconds(10), "both sleeps to start", () -> sleeps(marker).size() == 2);
        List<ProcessHandle> sleeps = sleeps(marker);

        // What QueueWorker's watchdog does when the step's timeout passes.
        worker.interrupt();
        worker.join(10_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(result.get().ok()).isFalse();
        Deadline.await(Duration.ofSeconds(10), "the sleeps to be killed", () -> sleeps.stream().noneMatch(
                p -> ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)));
    }

    static List<ProcessHandle> sleeps(String marker) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(marker)
                        && p.info().command().orElse("").endsWith("sleep"))
                .toList();
    }
}
