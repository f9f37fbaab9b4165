package io.playbatch.compiler.validate;

import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.diag.SourcePosition;
import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of Spring beans in playbooks (docs/beans.md): a {@code type: bean} task names its bean
 * in {@code args.bean} (PB090) and runs once per step, never in a loop (PB092); a chunk step's
 * {@code reader}, {@code processor} or {@code writer} of {@code type: bean} names its bean in
 * {@code bean}. Where the compiler knows the beans a playbook may call (inside the application
 * context), a name outside them is PB091 with a "did you mean". Stateless.
 */
public final class BeanRules {

    private static final List<String> CHUNK_PARTS = List.of("reader", "processor", "writer");

    /** Null: the names are not known here and are checked when the step runs. */
    private final Set<String> beans;

    public BeanRules(Set<String> beans) {
        this.beans = beans == null ? null : Set.copyOf(beans);
    }

    public void validate(PlaybookDocument document, Diagnostics out) {
        Map<String, PlaybookDocument.WorkbookTask> beanTasks = new HashMap<>();
        for (PlaybookDocument.WorkbookTask task : document.workbook()) {
            check(task.type(), task.args(), task.source(), out);
            if ("bean".equals(task.type())) {
                beanTasks.put(task.name(), task);
            }
        }
        for (PlaybookDocument.Step step : document.workflow()) {
            check(step.type(), step.args(), step.source(), out);
            String type = step.type();
            YamlMap args = step.args();
            if (step.task() != null && beanTasks.containsKey(step.task().workbook())) {
                type = "bean";
                args = beanTasks.get(step.task().workbook()).args();
            }
            if ("bean".equals(type) && step.loop() != null) {
                out.error(DiagnosticCode.BEAN_IN_LOOP, step.source().keyPosition("loop"),
                        "step `" + step.name() + "` runs a bean in a loop; a bean step runs once, in the manager",
                        args != null && args.get("bean") instanceof YamlScalar name ? name.text() : "NAME");
            }
        }
    }

    private void check(String type, YamlMap args, YamlMap owner, Diagnostics out) {
        if ("bean".equals(type)) {
            beanName(args, args == null ? owner.valuePosition("type") : owner.keyPosition("args"),
                    "a `bean` task needs `args.bean`: the name of a Tasklet or Function bean of the application,"
                            + " for example `args: { bean: enrichCustomers }`", out);
        } else if ("chunk".equals(type) && args != null) {
            for (String part : CHUNK_PARTS) {
                if (args.get(part) instanceof YamlMap spec && spec.get("type") instanceof YamlScalar partType
                        && "bean".equals(partType.value())) {
                    beanName(spec, args.keyPosition(part), "a chunk " + part + " of `type: bean` needs `bean`:"
                            + " the name of an Item" + capitalized(part) + " bean of the application, for example `"
                            + part + ": { type: bean, bean: my" + capitalized(part) + " }`", out);
                }
            }
        }
    }

    private void beanName(YamlMap spec, SourcePosition missingAt, String missing, Diagnostics out) {
        YamlNode node = spec == null ? null : spec.get("bean");
        if (!(node instanceof YamlScalar name) || !name.isString() || name.text().isBlank()) {
            out.error(DiagnosticCode.BEAN_ARGS, node == null ? missingAt : spec.valuePosition("bean"),
                    node == null ? "`bean` is missing" : "`bean` must be a bean name (text)", missing);
            return;
        }
        if (beans != null && !beans.contains(name.text())) {
            out.error(DiagnosticCode.UNKNOWN_BEAN, name.position(), "`" + name.text()
                    + "` is not a bean playbooks may call", Suggestions.didYouMean(name.text(), beans, beans.isEmpty()
                            ? "no bean is allowed: list it in `playbatch.beans.allowed` or declare it in a package of"
                                    + " `playbatch.beans.packages` (docs/beans.md)"
                            : "the beans playbooks may call are " + String.join(", ",
                                    beans.stream().sorted().map(b -> "`" + b + "`").toList())));
        }
    }

    private static String capitalized(String part) {
        return Character.toUpperCase(part.charAt(0)) + part.substring(1);
    }
}
