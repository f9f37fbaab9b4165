package io.playbatch.compiler.dsl;

import io.playbatch.compiler.dsl.mcp.McpSection;
import io.playbatch.compiler.yaml.YamlList;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code $resources.NAME} references in a playbook's templates, each with the field it
 * was written in, so the compiler can create the implicit {@code resource:NAME} nodes, their edges
 * to the steps that read them, and report undeclared names. A step reads a resource when its own
 * templates do, when the workbook task or {@code turns} entry it calls does, or when that turns
 * entry lists it in {@code context}. Stateless.
 */
public final class ResourceReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$!?\\{?resources\\.([A-Za-z_][A-Za-z0-9_-]*)");

    /** One reference: the resource name, the scalar holding it, its offset in the text, and the field path. */
    public record Use(String resource, YamlScalar scalar, int offset, String field) {
    }

    private ResourceReferences() {
    }

    /** The references in one string value (empty when it is not a string). */
    public static List<Use> in(YamlNode node, String field) {
        List<Use> uses = new ArrayList<>();
        collect(node, field, uses);
        return uses;
    }

    /** The references written in a step's own fields; field paths are relative to the step. */
    public static List<Use> inStep(PlaybookDocument.Step step) {
        List<Use> uses = new ArrayList<>();
        YamlMap source = step.source();
        for (String key : List.of("args", "task", "loop", "save", "next")) {
            collect(source.get(key), key, uses);
        }
        return uses;
    }

    /** The templates of a turns entry that may read resources ({@code system}, {@code prompt}, {@code messages}). */
    public static List<Use> inTurns(McpSection.Turns turns) {
        List<Use> uses = new ArrayList<>();
        for (String key : List.of("system", "prompt", "messages")) {
            collect(turns.source().get(key), key, uses);
        }
        return uses;
    }

    /**
     * The names of the resources a step reads, in order of first use, duplicates removed: its own
     * templates, the workbook task or turns entry it calls, and that entry's {@code context}.
     */
    public static List<String> readBy(PlaybookDocument.Step step, Map<String, PlaybookDocument.WorkbookTask> workbook,
            McpSection mcp) {
        List<String> names = new ArrayList<>();
        inStep(step).forEach(u -> add(names, u.resource()));
        String called = step.task() != null ? step.task().workbook() : step.callable();
        PlaybookDocument.WorkbookTask task = called == null ? null : workbook.get(called);
        if (task != null) {
            in(task.args(), "args").forEach(u -> add(names, u.resource()));
        }
        McpSection.Turns turns = step.callable() == null ? null : mcp.turns().get(step.callable());
        if (turns != null) {
            inTurns(turns).forEach(u -> add(names, u.resource()));
            McpSection.Turns.names(turns.context()).forEach(r -> add(names, r));
        }
        return names;
    }

    private static void add(List<String> names, String name) {
        if (!names.contains(name)) {
            names.add(name);
        }
    }

    private static void collect(YamlNode node, String field, List<Use> uses) {
        if (node instanceof YamlScalar scalar && scalar.value() instanceof String text) {
            Matcher m = REFERENCE.matcher(text);
            while (m.find()) {
                uses.add(new Use(m.group(1), scalar, m.start(), field));
            }
        } else if (node instanceof YamlMap map) {
            for (YamlMap.Entry entry : map.entries()) {
                collect(entry.value(), field + "." + entry.key(), uses);
            }
        } else if (node instanceof YamlList list) {
            for (int i = 0; i < list.items().size(); i++) {
                collect(list.items().get(i), field + "[" + i + "]", uses);
            }
        }
    }
}
