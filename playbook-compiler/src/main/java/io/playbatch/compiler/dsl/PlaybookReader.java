package io.playbatch.compiler.dsl;

import io.playbatch.compiler.dsl.mcp.McpSectionReader;
import io.playbatch.compiler.yaml.YamlList;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlNode;
import io.playbatch.compiler.yaml.YamlScalar;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a positioned YAML tree onto {@link PlaybookDocument} records. Lenient by design: it runs
 * after the schema check has reported wrong types, so a value of the wrong type is read as absent
 * instead of failing, and the later rules still see everything else. Thread-safe.
 */
public final class PlaybookReader {

    private final McpSectionReader mcpReader = new McpSectionReader();

    public PlaybookDocument read(String file, YamlMap root) {
        List<PlaybookDocument.WorkbookTask> workbook = new ArrayList<>();
        for (YamlMap entry : maps(root.list("workbook"))) {
            workbook.add(new PlaybookDocument.WorkbookTask(entry.string("name"), entry.string("type"),
                    entry.map("args"), entry.string("desc"), entry));
        }
        List<PlaybookDocument.Step> workflow = new ArrayList<>();
        for (YamlMap entry : maps(root.list("workflow"))) {
            workflow.add(step(entry));
        }
        List<PlaybookDocument.Schedule> schedules = new ArrayList<>();
        for (YamlMap entry : maps(root.list("schedules"))) {
            schedules.add(new PlaybookDocument.Schedule(entry.string("cron"), entry.string("timezone"),
                    entry.string("missed"), entry.string("overlap"), entry));
        }
        YamlMap metadata = root.map("metadata");
        PlaybookDocument.Metadata meta = metadata == null ? null : new PlaybookDocument.Metadata(
                metadata.string("name"), metadata.string("path"), metadata.string("description"),
                labels(metadata.map("labels")), metadata.map("mcp"), metadata);
        Map<String, Object> workload = root.get("workload") instanceof YamlMap w ? plainMap(w) : Map.of();
        return new PlaybookDocument(file, root.string("apiVersion"), root.string("kind"), meta, workload, workbook,
                workflow, root.get("output"), schedules, mcpReader.read(root.map("mcp")), recovery(root.map("recovery")),
                root);
    }

    private PlaybookDocument.Step step(YamlMap entry) {
        YamlMap task = entry.map("task");
        YamlMap loop = entry.map("loop");
        YamlMap retry = entry.map("retry");
        YamlMap onFailure = entry.map("on_failure");
        YamlMap backoff = retry == null ? null : retry.map("backoff");
        return new PlaybookDocument.Step(entry.string("step"), entry.string("desc"), entry.string("type"),
                entry.map("args"),
                task == null ? null : new PlaybookDocument.TaskRef(task.string("workbook"), task.map("args"), task),
                entry.string("task"),
                loop == null ? null : new PlaybookDocument.Loop(loop.string("over"), loop.string("as"),
                        loop.string("mode"), integer(loop.get("max_parallel")), loop),
                retry == null ? null : new PlaybookDocument.Retry(integer(retry.get("max_attempts")),
                        backoff == null ? null : backoff.string("initial"),
                        backoff == null ? null : number(backoff.get("multiplier")),
                        backoff == null ? null : backoff.string("max"), retry),
                entry.string("timeout"), next(entry.list("next")),
                onFailure == null ? null : new PlaybookDocument.OnFailure(onFailure.string("step"),
                        onFailure.string("then"), onFailure),
                entry.map("save"), entry);
    }

    private PlaybookDocument.Next next(YamlList list) {
        if (list == null) {
            return null;
        }
        List<PlaybookDocument.Target> names = new ArrayList<>();
        List<PlaybookDocument.Case> cases = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            if (item instanceof YamlScalar scalar && scalar.value() instanceof String name) {
                names.add(new PlaybookDocument.Target(name, scalar.position()));
            } else if (item instanceof YamlMap map) {
                boolean isElse = map.has("else") && !map.has("when");
                cases.add(new PlaybookDocument.Case(i, map.string("when"),
                        targets(map.list(isElse ? "else" : "then")), isElse, map));
            }
        }
        return new PlaybookDocument.Next(names, cases, list);
    }

    private static List<PlaybookDocument.Target> targets(YamlList list) {
        List<PlaybookDocument.Target> targets = new ArrayList<>();
        if (list != null) {
            for (YamlNode item : list.items()) {
                if (item instanceof YamlScalar scalar && scalar.value() instanceof String name) {
                    targets.add(new PlaybookDocument.Target(name, scalar.position()));
                }
            }
        }
        return targets;
    }

    private static List<YamlMap> maps(YamlList list) {
        List<YamlMap> maps = new ArrayList<>();
        if (list != null) {
            for (YamlNode item : list.items()) {
                if (item instanceof YamlMap map) {
                    maps.add(map);
                }
            }
        }
        return maps;
    }

    private static Map<String, String> labels(YamlMap map) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (map != null) {
            for (YamlMap.Entry entry : map.entries()) {
                if (entry.value() instanceof YamlScalar scalar && scalar.value() != null) {
                    labels.put(entry.key(), scalar.text());
                }
            }
        }
        return labels;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plainMap(YamlMap map) {
        return (Map<String, Object>) map.toPlain();
    }

    private static PlaybookDocument.Recovery recovery(YamlMap recovery) {
        if (recovery == null) {
            return null;
        }
        Number maxResumes = recovery.get("max_resumes") instanceof YamlScalar s
                && (s.value() instanceof Integer || s.value() instanceof Long || s.value() instanceof BigInteger)
                ? (Number) s.value() : null;
        return new PlaybookDocument.Recovery(recovery.string("resume"), maxResumes, recovery);
    }

    private static Integer integer(YamlNode node) {
        return node instanceof YamlScalar s && (s.value() instanceof Integer || s.value() instanceof Long)
                ? ((Number) s.value()).intValue() : null;
    }

    private static Double number(YamlNode node) {
        return node instanceof YamlScalar s && s.value() instanceof Number n ? n.doubleValue() : null;
    }
}
