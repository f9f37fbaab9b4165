package io.playbatch.tasks;

import io.playbatch.json.JsonCodec;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code python}: runs {@code args.code}, Python source defining {@code main(**kwargs)}, with the
 * system {@code python3} in a child process, calling {@code main(**args.args)}; the return value
 * (JSON-serialisable) is the step's data. Optional {@code env} and {@code cwd} as for
 * {@code command}. The user's prints go to stderr, never into the result. An exception in the code
 * fails with type {@code python_error}: the exception type, its message and the end of the
 * traceback. On the worker's timeout interrupt the process tree is killed. Thread-safe.
 */
@Component
public class PythonTask implements Task {

    /** Lines of traceback quoted in a failure: enough to see the failing frame and its callers. */
    static final int TRACEBACK_LINES = 12;

    /**
     * The wrapper given to {@code python3 -c}. It keeps a private copy of fd 1 for the result and
     * points fd 1 (and sys.stdout) at stderr, so that nothing the user's code prints, even from C
     * extensions or subprocesses, can corrupt the result. The code and the arguments arrive as one
     * JSON document on stdin, {@code {"code", "args"}}: not on the command line, where any user of
     * the host could read them (they may hold resolved secrets) and whose length is bounded. The
     * outcome leaves as one JSON document: {@code {"ok": true, "result"}} or
     * {@code {"ok": false, "type", "message", "traceback"}}.
     */
    static final String WRAPPER = String.join("\n",
            "import json, os, sys, traceback",
            "result_out = os.fdopen(os.dup(1), 'w', encoding='utf-8')",
            "sys.stdout.flush()",
            "os.dup2(2, 1)",
            "sys.stdout = sys.stderr",
            "def report(outcome):",
            "    result_out.write(json.dumps(outcome))",
            "    result_out.flush()",
            "def failure(e, tb):",
            "    lines = traceback.format_exception(type(e), e, tb)",
            "    return {'ok': False, 'type': type(e).__name__, 'message': str(e), 'traceback': ''.join(lines)}",
            "try:",
            "    payload = json.load(sys.stdin)",
            "    kwargs = payload['args']",
            "    namespace = {'__name__': '__playbatch__'}",
            "    exec(compile(payload['code'], '<playbook code>', 'exec'), namespace)",
            "    main = namespace.get('main')",
            "    if not callable(main):",
            "        report({'ok': False, 'type': 'NoMain', 'message': 'args.code defines no main(**kwargs) function',"
                    + " 'traceback': ''})",
            "    else:",
            "        value = main(**kwargs)",
            "        try:",
            "            text = json.dumps({'ok': True, 'result': value})",
            "        except (TypeError, ValueError) as e:",
            "            report({'ok': False, 'type': 'BadResult', 'message': 'main returned a value that is not JSON: '"
                    + " + str(e), 'traceback': ''})",
            "        else:",
            "            result_out.write(text)",
            "            result_out.flush()",
            "except BaseException as e:",
            // Skip the wrapper's own frame: the user wants to see their code.
            "    report(failure(e, e.__traceback__.tb_next if e.__traceback__ else None))",
            "");

    private final ProcessRunner processes = new ProcessRunner();
    private final JsonCodec json;
    private final String interpreter;

    @Autowired
    public PythonTask(JsonCodec json) {
        this(json, "python3");
    }

    /** With another interpreter command: how the tests play a worker without python3. */
    PythonTask(JsonCodec json, String interpreter) {
        this.json = json;
        this.interpreter = interpreter;
    }

    @Override
    public String type() {
        return "python";
    }

    @Override
    public Object run(RenderedTask task, TaskContext context) throws InterruptedException {
        Map<String, Object> args = task.args();
        if (!(args.get("code") instanceof String code) || code.isBlank()) {
            throw new TaskFailure("bad_args", "python task needs args.code: Python source defining main(**kwargs),"
                    + " e.g. code: \"def main(name): return {'hello': name}\"");
        }
        Object kwargs = args.getOrDefault("args", Map.of());
        if (!(kwargs instanceof Map)) {
            throw new TaskFailure("bad_args", "python task: args.args must be a mapping (the keyword arguments of"
                    + " main), not " + kwargs);
        }
        List<String> argv = List.of(interpreter, "-c", WRAPPER);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("code", code);
        payload.put("args", kwargs);
        ProcessRunner.Outcome outcome;
        try {
            outcome = processes.run(new ProcessRunner.Spec(argv, CommandTask.env(args.get("env")),
                    CommandTask.cwd(args.get("cwd")), json.write(payload).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            TaskFailure failure = CommandTask.notStarted(argv, e);
            if (failure.type().equals("command_not_found")) {
                throw new TaskFailure("python_not_found", interpreter + " is not installed on this worker (not"
                        + " found on PATH " + System.getenv("PATH") + "); install python3 (e.g. apt-get install"
                        + " python3) or run python steps on a worker that has it", e);
            }
            throw failure;
        }
        Map<String, Object> reported = report(outcome);
        if (Boolean.TRUE.equals(reported.get("ok"))) {
            return reported.get("result");
        }
        throw new TaskFailure("python_error", reported.get("type") + ": " + reported.get("message")
                + lastLines(String.valueOf(reported.get("traceback"))));
    }

    private Map<String, Object> report(ProcessRunner.Outcome outcome) {
        String text = outcome.stdout().text();
        if (!text.isBlank() && !outcome.stdout().truncated()) {
            try {
                return json.readMap(text);
            } catch (RuntimeException e) {
                // Not our report (the interpreter died mid-write): fall through to the exit code.
            }
        }
        if (outcome.stdout().truncated()) {
            throw new TaskFailure("python_error", "the value returned by main is larger than the "
                    + ProcessRunner.CAPTURE_BYTES + " bytes a python step may return (" + outcome.stdout().totalBytes()
                    + " bytes); return less, or write the data to a file or table");
        }
        throw new TaskFailure("python_error", "python3 exited with code " + outcome.exitCode()
                + " without a result; stderr: " + CommandTask.tail(outcome.stderr().annotated()));
    }

    private static String lastLines(String traceback) {
        if (traceback.isBlank()) {
            return "";
        }
        String[] lines = traceback.strip().split("\n");
        return "\n" + String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - TRACEBACK_LINES),
                lines.length));
    }
}
