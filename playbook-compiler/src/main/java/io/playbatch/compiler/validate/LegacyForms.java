package io.playbatch.compiler.validate;

import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.yaml.YamlList;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the v1 forms of a playbook (docs/migration.md#diagnostics) before the schema check and reports
 * each with one diagnostic that names the v2 form: a v1 {@code apiVersion}, {@code next} entries {@code - step: X}, step keys
 * outside {@code args}, top-level {@code name}/{@code path}, the input keys {@code with},
 * {@code payload}, {@code data} and {@code input}, v1 loop keys, v1 task types and v1 {@code save}
 * keys. What it reported is returned as {@link Covered}, so the schema check does not report the same
 * place again as an unknown key, a wrong type or a missing key. Thread-safe (one run per call).
 */
final class LegacyForms {

    /** The YAML nodes a v1 diagnostic stands for, and the required keys a v1 key stands in for. */
    static final class Covered {
        private final Set<YamlNode> nodes = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Map<YamlMap, Set<String>> required = new IdentityHashMap<>();

        boolean node(YamlNode node) {
            return nodes.contains(node);
        }

        boolean required(YamlMap map, String key) {
            return required.getOrDefault(map, Set.of()).contains(key);
        }

        private void add(YamlNode node) {
            nodes.add(node);
        }

        private void standIn(YamlMap map, String key) {
            required.computeIfAbsent(map, m -> new LinkedHashSet<>()).add(key);
        }
    }

    /** The v1 system's API group: such a file is a v1 playbook as a whole. */
    private static final String V1_API = "noetl.io/";
    private static final Map<String, DiagnosticCode> INPUT_KEYS = Map.of("with", DiagnosticCode.LEGACY_WITH,
            "payload", DiagnosticCode.LEGACY_PAYLOAD, "data", DiagnosticCode.LEGACY_DATA_INPUT,
            "input", DiagnosticCode.LEGACY_INPUT);
    private static final Set<String> STEP_KEYS = Set.of("code", "command", "endpoint", "url", "method", "headers",
            "params", "auth", "collection", "element", "assert", "pass", "path", "result");
    /** Keys that belong to a v1 task type: the type's diagnostic covers them. */
    private static final Map<String, Set<String>> COVERED_BY_TYPE = Map.of("workbook", Set.of("name"),
            "iterator", Set.of("collection", "element"), "secrets", Set.of("name"));
    private static final Set<String> EDGE_INPUTS = Set.of("with", "payload", "data", "input", "args");
    private static final List<String> LOOP_KEYS = List.of("in", "iterator", "collection", "element", "distribution");

    /** The v1 forms of {@code root}, reported to {@code out}. */
    Covered check(YamlMap root, Diagnostics out) {
        Covered covered = new Covered();
        JinjaTranslation jinja = new JinjaTranslation(stepNames(root));
        checkTopLevel(root, covered, out);
        for (YamlMap task : maps(root.list("workbook"))) {
            checkTaskOwner(task, "workbook task `" + task.string("name") + "`", jinja, covered, out);
        }
        for (YamlMap step : maps(root.list("workflow"))) {
            checkTaskOwner(step, "step `" + step.string("step") + "`", jinja, covered, out);
            if (step.get("task") instanceof YamlMap call) {
                checkInputKeys(call, null, covered, out);
            }
            if (step.get("loop") instanceof YamlMap loop) {
                checkLoop(loop, jinja, covered, out);
            }
            if (step.get("save") instanceof YamlMap save) {
                checkSave(save, covered, out);
            }
            if (step.get("next") instanceof YamlList next) {
                checkNext(next, jinja, covered, out);
            }
        }
        return covered;
    }

    /** Whether a {@code next} entry is a v1 form (so its {@code when} is this class's, not the template checker's). */
    static boolean isLegacyNextEntry(YamlNode item) {
        if (!(item instanceof YamlMap map)) {
            return false;
        }
        return map.has("step") || (map.has("when") && map.has("else")) || hasMapItem(map.get("then"))
                || hasMapItem(map.get("else"));
    }

    private static void checkTopLevel(YamlMap root, Covered covered, Diagnostics out) {
        if (root.get("apiVersion") instanceof YamlScalar version && version.value() instanceof String text
                && text.startsWith(V1_API)) {
            covered.add(version);
            out.add(DiagnosticCode.UNSUPPORTED_VERSION.error(version.position(), "`apiVersion` is `" + text
                    + "`, a v1 playbook", "apiVersion: playbatch.io/v2").withDoc(DiagnosticCode.MIGRATION_GUIDE
                    + "#v1-apiversion"));
        }
        List<YamlMap.Entry> legacy = root.entries().stream()
                .filter(e -> e.key().equals("name") || e.key().equals("path")).toList();
        if (legacy.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        for (YamlMap.Entry entry : legacy) {
            covered.add(entry.value());
            keys.add(entry.key() + ": " + (entry.value() instanceof YamlScalar s ? s.text() : "..."));
        }
        if (!root.has("metadata")) {
            covered.standIn(root, "metadata");
        }
        String names = String.join(" and ", legacy.stream().map(e -> "`" + e.key() + "`").toList());
        out.error(DiagnosticCode.LEGACY_TOP_LEVEL_KEY, legacy.get(0).keyPosition(),
                names + (legacy.size() == 1 ? " is a v1 top-level key" : " are v1 top-level keys"),
                "`metadata: { " + String.join(", ", keys) + " }`");
    }

    /** A step or a workbook task: its task type, its input keys and its other v1 keys. */
    private static void checkTaskOwner(YamlMap owner, String what, JinjaTranslation jinja, Covered covered,
            Diagnostics out) {
        String type = owner.string("type");
        if (owner.get("type") instanceof YamlScalar scalar && "workbook".equals(type)) {
            covered.add(scalar);
            String called = owner.has("step") && owner.string("name") != null ? owner.string("name")
                    : owner.get("task") instanceof YamlScalar task ? task.text() : "NAME";
            out.error(DiagnosticCode.LEGACY_WORKBOOK_TYPE, scalar.position(), "`type: workbook` is a v1 task type",
                    called);
        } else if (owner.get("type") instanceof YamlScalar scalar && "iterator".equals(type)) {
            covered.add(scalar);
            out.error(DiagnosticCode.LEGACY_ITERATOR, scalar.position(), "`type: iterator` is a v1 task type");
        } else if (owner.get("type") instanceof YamlScalar scalar && type != null) {
            LegacyTaskTypes.hint(type).ifPresent(hint -> {
                covered.add(scalar);
                out.add(DiagnosticCode.LEGACY_TASK_TYPE.error(scalar.position(),
                        "`type: " + type + "` is a v1 task type", hint.text()).withDoc(hint.doc()));
            });
        }
        // `with` next to `task: NAME` is MCP052, unless `type: workbook` makes the step a v1 workbook call.
        boolean mcpCall = owner.get("task") instanceof YamlScalar && !"workbook".equals(type);
        if (!mcpCall) {
            checkInputKeys(owner, type, covered, out);
        }
        for (YamlMap.Entry entry : owner.entries()) {
            if (type != null && COVERED_BY_TYPE.getOrDefault(type, Set.of()).contains(entry.key())) {
                covered.add(entry.value()); // the diagnostic at the type (PB023, PB024, PB075) says what these become
            } else if (STEP_KEYS.contains(entry.key())) {
                covered.add(entry.value());
                String value = entry.value() instanceof YamlScalar s && s.value() instanceof String text
                        && text.contains("{{") ? "; its value in Velocity: " + jinja.template(text).describe() : "";
                out.error(DiagnosticCode.LEGACY_STEP_KEY, entry.keyPosition(), "`" + entry.key() + "` of " + what
                        + " is a v1 key, not part of the v2 DSL", LegacyStepKeys.hint(entry.key(), type) + value);
            }
        }
    }

    private static void checkInputKeys(YamlMap owner, String type, Covered covered, Diagnostics out) {
        for (YamlMap.Entry entry : owner.entries()) {
            DiagnosticCode code = INPUT_KEYS.get(entry.key());
            if (code != null) {
                covered.add(entry.value());
                out.error(code, entry.keyPosition(), "`" + entry.key() + "` is a v1 key, not part of the v2 DSL",
                        LegacyStepKeys.inputSuffix(type));
            }
        }
    }

    /** The v1 name of a loop's element ({@code iterator} or {@code element}), or null. */
    static String loopVariable(YamlMap loop) {
        String iterator = loop.string("iterator");
        return iterator != null ? iterator : loop.string("element");
    }

    private static void checkLoop(YamlMap loop, JinjaTranslation jinja, Covered covered, Diagnostics out) {
        List<YamlMap.Entry> legacy = loop.entries().stream().filter(e -> LOOP_KEYS.contains(e.key())).toList();
        if (legacy.isEmpty()) {
            return;
        }
        List<String> renames = new ArrayList<>();
        String over = null;
        String as = null;
        for (YamlMap.Entry entry : legacy) {
            covered.add(entry.value());
            String value = entry.value() instanceof YamlScalar s && s.value() != null ? s.text() : null;
            switch (entry.key()) {
                case "in", "collection" -> {
                    over = value == null ? null : jinja.template(value).velocity();
                    renames.add("`" + entry.key() + "` → `over`");
                    covered.standIn(loop, "over");
                }
                case "iterator", "element" -> {
                    as = value;
                    renames.add("`" + entry.key() + "` → `as`");
                    covered.standIn(loop, "as");
                }
                default -> renames.add("`distribution` → `mode: parallel` (the default) or `mode: sequential`");
            }
        }
        String example = "`loop: { over: \"" + (over == null ? "$workload.items" : over) + "\", as: "
                + (as == null ? "item" : as) + " }`";
        out.error(DiagnosticCode.LEGACY_LOOP_KEYS, legacy.get(0).keyPosition(), "`loop` has the v1 keys "
                + String.join(", ", legacy.stream().map(e -> "`" + e.key() + "`").toList()),
                String.join(", ", renames) + ": " + example);
    }

    /** Whether a key of {@code save} is v1 (PB076), so the templates under it are not checked as v2 ones. */
    static boolean isLegacySaveKey(String key) {
        return key.equals("storage") || key.equals("data");
    }

    private static void checkSave(YamlMap save, Covered covered, Diagnostics out) {
        List<YamlMap.Entry> legacy = save.entries().stream().filter(e -> isLegacySaveKey(e.key())).toList();
        if (legacy.isEmpty()) {
            return;
        }
        List<String> hints = new ArrayList<>();
        for (YamlMap.Entry entry : legacy) {
            covered.add(entry.value());
            if (entry.key().equals("storage")) {
                covered.standIn(save, "to");
                hints.add("`storage` → `to: table` (with `connection: NAME` and `table`) or `to: file` (with `path`"
                        + " and `format`)");
            } else {
                hints.add("remove `data`: `save` writes the task's own result (`$steps.NAME.data`: a mapping is one"
                        + " row, a list of mappings one row each), so make the task return the rows to write");
            }
        }
        out.error(DiagnosticCode.LEGACY_SAVE, legacy.get(0).keyPosition(), "`save` has the v1 key"
                + (legacy.size() == 1 ? " " : "s ")
                + String.join(" and ", legacy.stream().map(e -> "`" + e.key() + "`").toList()),
                String.join("; ", hints));
    }

    /**
     * One diagnostic per {@code next} list, at its first v1 entry, whose hint is the whole list in the v2
     * form: {@code - step: X} entries become names, v1 conditions become {@code when}/{@code then} cases
     * (translated from Jinja) and a v1 {@code else} its own last case.
     */
    private static void checkNext(YamlList next, JinjaTranslation jinja, Covered covered, Diagnostics out) {
        List<YamlMap> legacy = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> cases = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (YamlNode item : next.items()) {
            if (!isLegacyNextEntry(item)) {
                continue;
            }
            covered.add(item);
            YamlMap entry = (YamlMap) item;
            legacy.add(entry);
            if (entry.get("when") instanceof YamlScalar when && when.value() != null) {
                JinjaTranslation.Result condition = jinja.condition(when.text());
                notes.addAll(condition.untranslated());
                List<String> then = thenTargets(entry);
                cases.add("{ when: \"" + condition.velocity() + "\", then: [ " + String.join(", ", then) + " ] }");
            } else if (entry.has("step")) {
                names.add(entry.get("step") instanceof YamlScalar s ? s.text() : "?");
            }
            if (entry.has("else")) {
                cases.add("{ else: [ " + String.join(", ", targets(entry.get("else"))) + " ] }");
            }
            edgeInputs(entry).ifPresent(key -> notes.add("v2 edges carry no data: move the `" + key + "` of the"
                    + " edge to `" + targetOf(entry) + "` into that step's `args`"));
        }
        if (legacy.isEmpty()) {
            return;
        }
        List<String> v2 = new ArrayList<>(cases.isEmpty() ? names : cases);
        if (!cases.isEmpty() && !names.isEmpty()) {
            notes.add("`next` is either step names or `when` cases: route " + String.join(", ", names)
                    + " through a case, or from a step after this one");
        }
        YamlMap first = legacy.get(0);
        String message = legacy.size() == 1 && first.has("step") && !first.has("when")
                ? "`- step: " + first.string("step") + "` is a v1 `next` entry"
                : "`next` is written in the v1 form (targets as `- step: NAME`)";
        out.error(DiagnosticCode.LEGACY_NEXT_EDGE, first.position(), message, "write `next: [ "
                + String.join(", ", v2) + " ]`" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
    }

    private static String targetOf(YamlMap entry) {
        return String.join("`, `", thenTargets(entry));
    }

    /** Where a v1 entry goes when it is taken: its own {@code step}, or its {@code then} list. */
    private static List<String> thenTargets(YamlMap entry) {
        return entry.get("step") instanceof YamlScalar step ? List.of(step.text()) : targets(entry.get("then"));
    }

    private static Optional<String> edgeInputs(YamlMap edge) {
        return edge.entries().stream().map(YamlMap.Entry::key).filter(EDGE_INPUTS::contains).findFirst();
    }

    /** The step names of a v1 {@code then}/{@code else} list: {@code - step: X} entries or plain names. */
    private static List<String> targets(YamlNode list) {
        List<String> names = new ArrayList<>();
        if (list instanceof YamlList items) {
            for (YamlNode item : items.items()) {
                if (item instanceof YamlMap map && map.get("step") instanceof YamlScalar s) {
                    names.add(s.text());
                } else if (item instanceof YamlScalar s) {
                    names.add(s.text());
                }
            }
        }
        return names;
    }

    private static boolean hasMapItem(YamlNode node) {
        return node instanceof YamlList list && list.items().stream().anyMatch(YamlMap.class::isInstance);
    }

    private static List<YamlMap> maps(YamlList list) {
        List<YamlMap> maps = new ArrayList<>();
        if (list != null) {
            list.items().stream().filter(YamlMap.class::isInstance).map(YamlMap.class::cast).forEach(maps::add);
        }
        return maps;
    }

    private static Set<String> stepNames(YamlMap root) {
        Set<String> names = new LinkedHashSet<>();
        for (YamlMap step : maps(root.list("workflow"))) {
            if (step.string("step") != null) {
                names.add(step.string("step"));
            }
        }
        return names;
    }
}
