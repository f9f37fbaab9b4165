package io.playbatch.tasks;

import io.playbatch.json.JsonCodec;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.taskmodel.TaskFailure;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code command}: runs a program as a child process of the worker. Args: {@code argv} (a list,
 * run without a shell; or, with {@code shell: true}, one string run by {@code /bin/sh -c}),
 * {@code env} (a mapping added to the worker's environment), {@code cwd}, {@code expect} (accepted
 * exit codes, default {@code [0]}) and {@code output} ({@code text}, the default, or {@code json}:
 * stdout parsed as JSON). Data: {@code {exit_code, stdout, stderr}}, each stream captured up to
 * 64 KiB with a note when cut. When the worker interrupts it (the step's timeout) the whole
 * process tree is killed before the attempt fails. Thread-safe.
 */
@Component
public class CommandTask implements Task {

    /** How much of stderr a failure message quotes: the end, where programs say what went wrong. */
    static final int STDERR_EXCERPT_CHARS = 500;

    private final ProcessRunner processes = new ProcessRunner();
    private final JsonCodec json;

    public CommandTask(JsonCodec json) {
        this.json = json;
    }

    @Override
    public String type() {
        return "command";
    }

    @Override
    public Object run(RenderedTask task, TaskContext context) throws InterruptedException {
        Map<String, Object> args = task.args();
        List<String> argv = argv(args);
        String output = String.valueOf(args.getOrDefault("output", "text"));
        if (!output.equals("text") && !output.equals("json")) {
            throw new TaskFailure("bad_args", "command task: args.output '" + output + "' is not one of text, json");
        }
        List<Integer> expect = expect(args.get("expect"));
        ProcessRunner.Outcome outcome;
        try {
            outcome = processes.run(new ProcessRunner.Spec(argv, env(args.get("env")), cwd(args.get("cwd")), null));
        } catch (IOException e) {
            throw notStarted(argv, e);
        }
        if (!expect.contains(outcome.exitCode())) {
            throw new TaskFailure("command_exit", "command " + argv.get(0) + " exited with code "
                    + outcome.exitCode() + " (expected " + (expect.size() == 1 ? expect.get(0) : expect)
                    + "); stderr: " + tail(outcome.stderr().annotated()));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exit_code", outcome.exitCode());
        data.put("stdout", output.equals("json") ? parseJson(argv, outcome.stdout()) : outcome.stdout().annotated());
        data.put("stderr", outcome.stderr().annotated());
        return data;
    }

    private Object parseJson(List<String> argv, ProcessRunner.Captured stdout) {
        if (stdout.truncated()) {
            throw new TaskFailure("command_bad_json", "command " + argv.get(0) + " printed " + stdout.totalBytes()
                    + " bytes on stdout, more than the " + ProcessRunner.CAPTURE_BYTES + " bytes kept, so it cannot be"
                    + " parsed as JSON (args.output: json); print less, or write the data to a file or table");
        }
        try {
            return json.read(stdout.text());
        } catch (RuntimeException e) {
            throw new TaskFailure("command_bad_json", "command " + argv.get(0) + " was expected to print JSON on"
                    + " stdout (args.output: json) but printed: " + HttpTask.excerpt(stdout.text())
                    + "; print only the JSON document on stdout (logs go to stderr), or use output: text");
        }
    }

    /** Turns a failed start into an error naming the program, the usual reason being a typo or a missing install. */
    static TaskFailure notStarted(List<String> argv, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.contains("error=2,") || reason.contains("No such file")) {
            return new TaskFailure("command_not_found", "command not found: '" + argv.get(0) + "' is not an"
                    + " executable on the worker's PATH (" + System.getenv("PATH") + ") nor an existing path;"
                    + " install it on the worker or give its full path as argv[0]", e);
        }
        return new TaskFailure("command_not_started", "command '" + argv.get(0) + "' could not be started: "
                + reason + "; check that it is executable by the worker's user", e);
    }

    static String tail(String text) {
        String flat = text == null ? "" : text.strip();
        if (flat.isEmpty()) {
            return "(empty)";
        }
        return flat.length() <= STDERR_EXCERPT_CHARS ? flat
                : "…" + flat.substring(flat.length() - STDERR_EXCERPT_CHARS);
    }

    private static List<String> argv(Map<String, Object> args) {
        Object argv = args.get("argv");
        Object shell = args.getOrDefault("shell", false);
        if (!(shell instanceof Boolean)) {
            throw new TaskFailure("bad_args", "command task: args.shell must be true or false, not '" + shell + "'");
        }
        if (argv == null) {
            throw new TaskFailure("bad_args", "command task needs args.argv: the program and its arguments as a list,"
                    + " e.g. argv: [ls, -l, /tmp] (or one string with shell: true)");
        }
        if ((Boolean) shell) {
            if (!(argv instanceof String script) || script.isBlank()) {
                throw new TaskFailure("bad_args", "command task: with shell: true, args.argv must be one string run"
                        + " by /bin/sh -c, e.g. argv: \"ls -l /tmp | wc -l\"");
            }
            return List.of("/bin/sh", "-c", script);
        }
        if (argv instanceof String) {
            throw new TaskFailure("bad_args", "command task: args.argv is the string '" + argv + "'; give a list"
                    + " such as argv: [ls, -l] (no shell is involved), or set shell: true to run it with /bin/sh -c");
        }
        if (!(argv instanceof List<?> list) || list.isEmpty()) {
            throw new TaskFailure("bad_args", "command task: args.argv must be a non-empty list, e.g. argv: [ls, -l]");
        }
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof Map || item instanceof List) {
                throw new TaskFailure("bad_args", "command task: args.argv[" + i + "] is " + item
                        + "; every argument must be a string or a number");
            }
        }
        return list.stream().map(String::valueOf).toList();
    }

    static Map<String, String> env(Object env) {
        if (env == null) {
            return Map.of();
        }
        if (!(env instanceof Map<?, ?> map)) {
            throw new TaskFailure("bad_args", "args.env must be a mapping of variable names to values, e.g."
                    + " env: { LANG: C.UTF-8 }");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((name, value) -> {
            if (value == null || value instanceof Map || value instanceof List) {
                throw new TaskFailure("bad_args", "args.env." + name + " must be a string or a number, not " + value);
            }
            out.put(String.valueOf(name), String.valueOf(value));
        });
        return out;
    }

    static File cwd(Object cwd) {
        if (cwd == null) {
            return null;
        }
        File dir = new File(String.valueOf(cwd));
        if (!dir.isDirectory()) {
            throw new TaskFailure("bad_args", "args.cwd '" + cwd + "' is not an existing directory on the worker;"
                    + " create it or fix the path");
        }
        return dir;
    }

    private static List<Integer> expect(Object expect) {
        if (expect == null) {
            return List.of(0);
        }
        List<?> codes = expect instanceof List<?> list ? list : List.of(expect);
        try {
            return codes.stream().map(code -> code instanceof Number n ? n.intValue()
                    : Integer.parseInt(String.valueOf(code).trim())).toList();
        } catch (NumberFormatException e) {
            throw new TaskFailure("bad_args", "command task: args.expect must be exit codes such as [0, 1], not "
                    + expect);
        }
    }
}
