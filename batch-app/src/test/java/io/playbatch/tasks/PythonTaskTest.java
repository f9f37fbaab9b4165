package io.playbatch.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.testsupport.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PythonTaskTest {

    private final TaskRunner runner = new TaskRunner(List.of(new PythonTask(new JsonCodec())));
    private final TaskContext context = new TaskContext(1, "py", 1, "test");

    private TaskResult run(Map<String, Object> args) {
        return runner.run(new RenderedTask("python", args), context);
    }

    @Test
    void mainReceivesArgsAndItsReturnValueIsTheData() {
        TaskResult result = run(Map.of("code", """
                def main(name, temps):
                    return {"hello": name, "max": max(temps), "n": len(temps)}
                """, "args", Map.of("name", "Zoé", "temps", List.of(3, 14.5, 9))));

        assertThat(result.ok()).as(result.errorMessage()).isTrue();
        assertThat(result.data()).isEqualTo(Map.of("hello", "Zoé", "max", 14.5, "n", 3));
    }

    @Test
    void printsOfTheUserCodeStayOutOfTheResult() {
        TaskResult result = run(Map.of("code", """
                import os, sys
                def main():
                    print("progress 50%")
                    os.write(1, b"raw write to fd 1\\n")
                    sys.stdout.write("more noise")
                    return [1, 2]
                """));

        assertThat(result.ok()).as(result.errorMessage()).isTrue();
        assertThat(result.data()).isEqualTo(List.of(1, 2));
    }

    @Test
    void exceptionInMainFailsWithPythonErrorTypeMessageAndTraceback() {
        TaskResult result = run(Map.of("code", """
                def parse(row):
                    return int(row["qty"])

                def main(rows):
                    return sum(parse(r) for r in rows)
                """, "args", Map.of("rows", List.of(Map.of("qty", "3"), Map.of("qty", "three")))));

        assertThat(result.errorType()).isEqualTo("python_error");
        assertThat(result.errorMessage()).startsWith("ValueError: invalid literal for int() with base 10: 'three'")
                .contains("<playbook code>").contains("line 2, in parse").doesNotContain("exec(compile");
    }

    @Test
    void codeWithoutMainOrWithASyntaxErrorIsAPythonError() {
        assertThat(run(Map.of("code", "x = 1\n")).errorMessage()).contains("defines no main(**kwargs)");
        TaskResult syntax = run(Map.of("code", "def main(:\n    pass\n"));
        assertThat(syntax.errorType()).isEqualTo("python_error");
        assertThat(syntax.errorMessage()).startsWith("SyntaxError");
    }

    @Test
    void aResultThatIsNotJsonIsAPythonErrorSayingSo() {
        TaskResult result = run(Map.of("code", "def main():\n    return {1, 2}\n"));

        assertThat(result.errorType()).isEqualTo("python_error");
        assertThat(result.errorMessage()).contains("not JSON").contains("set");
    }

    @Test
    void badArgsSayWhatToWrite() {
        assertThat(run(Map.of()).errorMessage()).contains("needs args.code").contains("def main(");
        assertThat(run(Map.of("code", "def main(): pass", "args", List.of(1))).errorMessage())
                .contains("args.args must be a mapping");
    }

    @Test
    void missingPython3IsPythonNotFoundSayingToInstallIt() {
        TaskRunner withoutPython = new TaskRunner(List.of(new PythonTask(new JsonCodec(), "python3-not-installed")));

        TaskResult result = withoutPython.run(new RenderedTask("python", Map.of("code", "def main(): return 1")),
                context);

        assertThat(result.errorType()).isEqualTo("python_not_found");
        assertThat(result.errorMessage()).contains("python3-not-installed is not installed on this worker")
                .contains("install python3");
    }

    @Test
    void interruptionKillsTheWholeProcessTree() throws Exception {
        String marker = "sleep 7" + (100 + (int) (Math.random() * 800));
        AtomicReference<TaskResult> result = new AtomicReference<>();
        Thread worker = new Thread(() -> result.set(run(Map.of("code", """
                import subprocess
                def main(marker):
                    subprocess.run(["sh", "-c", marker + " & " + marker + "; wait"])
                """, "args", Map.of("marker", marker)))));
        worker.start();
        Deadline.await(Duration.ofSeconds(10), "both sleeps to start", () -> CommandTaskTest.sleeps(marker).size() == 2);
        List<ProcessHandle> sleeps = CommandTaskTest.sleeps(marker);

        worker.interrupt();
        worker.join(10_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(result.get().ok()).isFalse();
        Deadline.await(Duration.ofSeconds(10), "the sleeps to be killed", () -> sleeps.stream().noneMatch(
                p -> ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false)));
    }
}
