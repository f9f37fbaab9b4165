package io.playbatch.compiler.validate;

import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks every {@code connection} a playbook names (a {@code sql} task's, a chunk reader's and
 * writer's, a table {@code save}'s) against the connections the operator configured (PB061), so
 * that {@code connection: erp} fails at validate time rather than mid-run. A name written as a
 * template ({@code $workload.db}) is the run's to check. Thread-safe.
 */
public final class ConnectionRules {

    private final Set<String> known;

    /** @param known the configured connection names; {@code default} is always known */
    public ConnectionRules(Set<String> known) {
        TreeSet<String> names = new TreeSet<>(known);
        names.add("default");
        this.known = Set.copyOf(names);
    }

    public void validate(PlaybookDocument document, Diagnostics out) {
        Map<String, String> workbookTypes = new HashMap<>();
        for (PlaybookDocument.WorkbookTask task : document.workbook()) {
            if (task.name() != null) {
                workbookTypes.putIfAbsent(task.name(), task.type());
            }
            checkArgs(task.type(), task.args(), "workbook task `" + task.name() + "`", out);
        }
        for (PlaybookDocument.Step step : document.workflow()) {
            String where = "step `" + step.name() + "`";
            checkArgs(step.type(), step.args(), where, out);
            if (step.task() != null && step.task().workbook() != null) {
                checkArgs(workbookTypes.get(step.task().workbook()), step.task().args(), where, out);
            }
            if (step.save() != null) {
                check(step.save().get("connection"), where + " saves to", out);
            }
        }
    }

    private void checkArgs(String type, YamlMap args, String where, Diagnostics out) {
        if (args == null) {
            return;
        }
        if ("sql".equals(type)) {
            check(args.get("connection"), where + " runs on", out);
        } else if ("chunk".equals(type)) {
            for (String part : List.of("reader", "writer")) {
                if (args.get(part) instanceof YamlMap item) {
                    check(item.get("connection"), where + "'s " + part + " uses", out);
                }
            }
        }
    }

    private void check(YamlNode connection, String what, Diagnostics out) {
        if (!(connection instanceof YamlScalar scalar) || !scalar.isString() || scalar.text().contains("$")
                || known.contains(scalar.text())) {
            return;
        }
        String name = scalar.text();
        String configured = String.join(", ", known.stream().sorted().map(n -> "`" + n + "`").toList());
        out.error(DiagnosticCode.UNKNOWN_CONNECTION, scalar.position(),
                what + " unknown connection `" + name + "`; the configured connections are " + configured,
                Suggestions.didYouMean(name, known, "configure it with playbatch.connections." + name
                        + ".url (environment: PLAYBATCH_CONNECTIONS_" + name.toUpperCase() + "_URL), see"
                        + " docs/connections.md"));
    }
}
