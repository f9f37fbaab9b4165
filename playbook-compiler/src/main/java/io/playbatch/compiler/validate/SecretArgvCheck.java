package io.playbatch.compiler.validate;

import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.yaml.YamlList;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Warns (PB058) when a secret is written into the command line of a process: a {@code command}
 * task's {@code argv} (a list, or the script given to {@code /bin/sh -c} with {@code shell: true})
 * and an {@code mcp.servers} stdio {@code command}. Any user of the worker's host reads command
 * lines ({@code ps}, {@code /proc}), while the environment of a process is private to its user, so
 * the fix is {@code env}. Only a warning: the playbook works, it just exposes the secret on the
 * host. The {@code python} task needs no check: its code and args travel on stdin. Stateless.
 */
public final class SecretArgvCheck {

    /** A use of the {@code secrets} variable, with the secret's name when it is written {@code $secrets.NAME}. */
    private static final Pattern SECRET = Pattern.compile("\\$!?\\{?secrets\\b(?:\\.([A-Za-z_][A-Za-z0-9_]*))?");

    public void validate(PlaybookDocument document, Diagnostics diagnostics) {
        Map<String, PlaybookDocument.WorkbookTask> workbook = new HashMap<>();
        for (PlaybookDocument.WorkbookTask task : document.workbook()) {
            if (task.name() != null) {
                workbook.putIfAbsent(task.name(), task);
            }
            if ("command".equals(task.type()) && task.args() != null) {
                check(task.args().get("argv"), "workbook task `" + task.name() + "`", "args.argv", diagnostics);
            }
        }
        for (PlaybookDocument.Step step : document.workflow()) {
            String where = "step `" + step.name() + "`";
            if ("command".equals(step.type()) && step.args() != null) {
                check(step.args().get("argv"), where, "args.argv", diagnostics);
            }
            if (step.task() != null && step.task().args() != null) {
                PlaybookDocument.WorkbookTask called = workbook.get(step.task().workbook());
                if (called != null && "command".equals(called.type())) {
                    check(step.task().args().get("argv"), where, "task.args.argv", diagnostics);
                }
            }
        }
        document.mcp().servers().values().forEach(server -> check(server.command(),
                "`mcp.servers." + server.name() + "`", "command", diagnostics));
    }

    private static void check(YamlNode argv, String where, String field, Diagnostics diagnostics) {
        if (argv instanceof YamlScalar scalar) {
            checkArgument(scalar, where, field, diagnostics);
        } else if (argv instanceof YamlList list) {
            for (int i = 0; i < list.items().size(); i++) {
                check(list.items().get(i), where, field + "[" + i + "]", diagnostics);
            }
        } else if (argv instanceof YamlMap map) {
            // Not a valid argument (the task refuses it at run time), but a secret in it is still a secret.
            map.entries().forEach(entry -> check(entry.value(), where, field + "." + entry.key(), diagnostics));
        }
    }

    private static void checkArgument(YamlScalar scalar, String where, String field, Diagnostics diagnostics) {
        if (!(scalar.value() instanceof String text)) {
            return;
        }
        Matcher secret = SECRET.matcher(text);
        if (!secret.find()) {
            return;
        }
        String name = secret.group(1) == null ? "NAME" : secret.group(1);
        diagnostics.warning(DiagnosticCode.SECRET_IN_ARGV, scalar.position(), where + ": " + field
                + " puts the secret `" + name + "` on the command line of a process, which every user of the"
                + " worker's host can read (ps)", name.toUpperCase(Locale.ROOT), name);
    }
}
