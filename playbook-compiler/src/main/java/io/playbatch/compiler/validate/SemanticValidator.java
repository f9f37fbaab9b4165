package io.playbatch.compiler.validate;

import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.dsl.DurationSyntax;
import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.ir.CronSyntax;
import io.playbatch.compiler.diag.SourcePosition;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlScalar;
import io.playbatch.compiler.ir.GraphBuilder;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of docs/dsl.md that hold for a single document, after the schema check: unique steps
 * and workbook tasks, the {@code start} router and the {@code end} step, references to steps and
 * workbook tasks, the two forms of {@code next}, task definitions per type, loops, retries,
 * {@code on_failure}, {@code save} and schedules. Graph-wide rules (cycles, reachability,
 * splits) and templates are checked elsewhere. Thread-safe.
 */
public final class SemanticValidator {

    private static final Set<String> CHUNK_ARGS = Set.of("reader", "processor", "writer", "chunk_size", "skip_limit",
            "retry_limit");
    /** The whole-number chunk args and their ranges, checked here because step args have no schema. */
    private static final Map<String, long[]> CHUNK_SIZES = Map.of("chunk_size", new long[] {1, 100_000},
            "skip_limit", new long[] {0, 1_000_000_000}, "retry_limit", new long[] {0, 100});
    private static final Set<String> RESERVED_CONTEXT = Set.of("workload", "steps", "execution", "secrets", "index",
            "fn", "vars");
    private static final List<String> TASK_KEYS = List.of("type", "args", "task", "loop", "retry", "timeout", "save",
            "on_failure");

    public void validate(PlaybookDocument document, Diagnostics out) {
        Map<String, PlaybookDocument.Step> steps = new LinkedHashMap<>();
        for (PlaybookDocument.Step step : document.workflow()) {
            if (step.name() == null) {
                continue;
            }
            if (steps.containsKey(step.name())) {
                out.error(DiagnosticCode.DUPLICATE_STEP, GraphBuilder.namePosition(step),
                        "step `" + step.name() + "` is defined twice (first at line "
                                + GraphBuilder.namePosition(steps.get(step.name())).line() + ")", step.name());
            } else {
                steps.put(step.name(), step);
            }
        }
        Map<String, PlaybookDocument.WorkbookTask> workbook = new HashMap<>();
        for (PlaybookDocument.WorkbookTask task : document.workbook()) {
            if (task.name() == null) {
                continue;
            }
            if (workbook.putIfAbsent(task.name(), task) != null) {
                out.error(DiagnosticCode.DUPLICATE_WORKBOOK_TASK, task.source().valuePosition("name"),
                        "workbook task `" + task.name() + "` is defined twice", task.name());
            }
            checkTaskArgs(task.type(), task.args(), task.source(), task.source().valuePosition("type"), out);
        }
        if (!document.workflow().isEmpty() && !steps.containsKey("start")) {
            out.error(DiagnosticCode.MISSING_START, document.source().keyPosition("workflow"),
                    "the workflow has no `start` step");
        }
        Map<String, PlaybookDocument.Step> failFast = new HashMap<>();
        for (PlaybookDocument.Step step : document.workflow()) {
            if (step.name() == null) {
                continue;
            }
            checkRouterAndEnd(step, out);
            checkNext(step, steps, out);
            checkTask(step, workbook, out);
            checkLoop(step, out);
            checkRetryAndTimeout(step, out);
            checkOnFailure(step, steps, out, failFast);
            checkSave(step, out);
        }
        for (Map.Entry<String, PlaybookDocument.Step> entry : failFast.entrySet()) {
            PlaybookDocument.Step handler = steps.get(entry.getKey());
            if (handler != null && handler.next() != null) {
                out.error(DiagnosticCode.HANDLER_NEXT_WITH_FAIL, handler.source().keyPosition("next"),
                        "handler `" + handler.name() + "` has a `next`, but `" + entry.getValue().name()
                                + "` ends the run after it (`then: fail`)");
            }
        }
        for (PlaybookDocument.Schedule schedule : document.schedules()) {
            checkSchedule(schedule, out);
        }
    }

    private void checkRouterAndEnd(PlaybookDocument.Step step, Diagnostics out) {
        if ("start".equals(step.name())) {
            for (String key : TASK_KEYS) {
                if (step.source().has(key)) {
                    out.error(DiagnosticCode.START_NOT_ROUTER, step.source().keyPosition(key),
                            "`start` is a router and cannot have `" + key + "`", key);
                }
            }
        } else if ("end".equals(step.name())) {
            for (String key : TASK_KEYS) {
                if (step.source().has(key)) {
                    out.error(DiagnosticCode.END_NOT_TERMINAL, step.source().keyPosition(key),
                            "`end` cannot have `" + key + "`", key);
                }
            }
            if (step.source().has("next")) {
                out.error(DiagnosticCode.END_NOT_TERMINAL, step.source().keyPosition("next"),
                        "`end` cannot have `next`", "next");
            }
        }
    }

    private void checkNext(PlaybookDocument.Step step, Map<String, PlaybookDocument.Step> steps, Diagnostics out) {
        PlaybookDocument.Next next = step.next();
        if (next == null) {
            return;
        }
        if (!next.names().isEmpty() && !next.cases().isEmpty()) {
            boolean namesFirst = next.source().items().get(0) instanceof YamlScalar;
            SourcePosition at = namesFirst ? next.cases().get(0).source().position() : next.names().get(0).position();
            out.error(DiagnosticCode.MIXED_NEXT_FORMS, at,
                    "`next` of `" + step.name() + "` mixes step names and `when` cases");
        }
        List<PlaybookDocument.Case> cases = next.cases();
        for (int i = 0; i < cases.size(); i++) {
            PlaybookDocument.Case c = cases.get(i);
            if (c.isElse() && i < cases.size() - 1) {
                out.error(DiagnosticCode.MISPLACED_ELSE, c.source().keyPosition("else"),
                        "the `else` case of `" + step.name() + "` is not the last entry of `next`");
            }
        }
        List<PlaybookDocument.Target> targets = new ArrayList<>(next.names());
        cases.forEach(c -> targets.addAll(c.then()));
        for (PlaybookDocument.Target target : targets) {
            checkStepReference(step, target.step(), target.position(), steps, out);
        }
    }

    private void checkStepReference(PlaybookDocument.Step from, String name, SourcePosition at,
            Map<String, PlaybookDocument.Step> steps, Diagnostics out) {
        if (!steps.containsKey(name)) {
            List<String> candidates = steps.keySet().stream().filter(s -> !s.equals(from.name())).toList();
            out.error(DiagnosticCode.UNKNOWN_STEP_REFERENCE, at,
                    "step `" + from.name() + "` refers to unknown step `" + name + "`",
                    Suggestions.didYouMean(name, candidates, "the steps are " + String.join(", ",
                            candidates.stream().map(s -> "`" + s + "`").toList())));
        }
    }

    private void checkTask(PlaybookDocument.Step step, Map<String, PlaybookDocument.WorkbookTask> workbook,
            Diagnostics out) {
        YamlMap source = step.source();
        if (source.has("task") && source.has("type") && !"workbook".equals(step.type())) {
            out.error(DiagnosticCode.CONFLICTING_TASK, source.keyPosition("type"),
                    "step `" + step.name() + "` has both `type` and `task`",
                    "a step runs one task: keep `type` + `args` or `task: { workbook: ... }`, not both");
        } else if (source.has("task") && source.has("args") && step.callable() == null) {
            out.error(DiagnosticCode.CONFLICTING_TASK, source.keyPosition("args"),
                    "step `" + step.name() + "` has `args` next to `task`",
                    "put the arguments of a workbook call inside `task: { workbook: ..., args: {...} }`");
        } else if (source.has("args") && !source.has("type") && step.callable() == null) {
            out.error(DiagnosticCode.CONFLICTING_TASK, source.keyPosition("args"),
                    "step `" + step.name() + "` has `args` but no `type`",
                    "add `type:` (noop, log, http, sql, command, python, playbook, chunk or bean) next to `args`");
        }
        if (step.task() != null && step.task().workbook() != null) {
            PlaybookDocument.WorkbookTask definition = workbook.get(step.task().workbook());
            if (definition == null) {
                out.error(DiagnosticCode.UNKNOWN_WORKBOOK_TASK, step.task().source().valuePosition("workbook"),
                        "step `" + step.name() + "` calls unknown workbook task `" + step.task().workbook() + "`",
                        Suggestions.didYouMean(step.task().workbook(), workbook.keySet(), workbook.isEmpty()
                                ? "declare it under `workbook:` with `name`, `type` and `args`"
                                : "the workbook tasks are " + String.join(", ",
                                        workbook.keySet().stream().sorted().map(s -> "`" + s + "`").toList())));
            }
        } else if (step.type() != null) {
            checkTaskArgs(step.type(), step.args(), source, source.valuePosition("type"), out);
        }
    }

    private void checkTaskArgs(String type, YamlMap args, YamlMap owner, SourcePosition typeAt, Diagnostics out) {
        if ("chunk".equals(type)) {
            SourcePosition at = args == null ? typeAt : owner.keyPosition("args");
            for (String required : List.of("reader", "writer")) {
                if (args == null || !args.has(required)) {
                    out.error(DiagnosticCode.CHUNK_ARGS, at, "a chunk step needs `" + required + "` in its args");
                }
            }
            if (args != null) {
                for (YamlMap.Entry entry : args.entries()) {
                    if (!CHUNK_ARGS.contains(entry.key())) {
                        out.error(DiagnosticCode.UNKNOWN_CHUNK_ARG, entry.keyPosition(),
                                "`" + entry.key() + "` is not an argument of a chunk step",
                                Suggestions.didYouMean(entry.key(), CHUNK_ARGS.stream().sorted().toList(),
                                        "chunk args are `reader`, `processor`, `writer`, `chunk_size`, `skip_limit`"
                                                + " and `retry_limit`"));
                    }
                }
                CHUNK_SIZES.forEach((name, range) -> checkRange(args, name, range[0], range[1], out));
            }
        } else if ("playbook".equals(type)) {
            // A v1 `path` next to `type` is PB071, which says to move it into `args`.
            if ((args == null || !args.has("path")) && !owner.has("path")) {
                out.error(DiagnosticCode.MISSING_PLAYBOOK_PATH, args == null ? typeAt : owner.keyPosition("args"),
                        "a `playbook` task needs `args.path`, the catalog path of the child playbook");
            }
        }
    }

    /** A whole number of {@code args.name} outside {@code min..max}: PB011 below, PB057 above. Others are the runtime's. */
    private static void checkRange(YamlMap args, String name, long min, long max, Diagnostics out) {
        if (!(args.get(name) instanceof YamlScalar scalar) || !(scalar.value() instanceof Number number)
                || !(number instanceof Integer || number instanceof Long || number instanceof BigInteger)) {
            return;
        }
        BigInteger value = new BigInteger(number.toString());
        if (value.compareTo(BigInteger.valueOf(max)) > 0) {
            out.error(DiagnosticCode.VALUE_TOO_LARGE, scalar.position(),
                    "`" + name + "` is above the maximum " + max, String.valueOf(max));
        } else if (value.compareTo(BigInteger.valueOf(min)) < 0) {
            out.error(DiagnosticCode.VALUE_OUT_OF_RANGE, scalar.position(),
                    "`" + name + "` is " + value + ", below the minimum " + min, String.valueOf(min));
        }
    }

    private void checkLoop(PlaybookDocument.Step step, Diagnostics out) {
        PlaybookDocument.Loop loop = step.loop();
        if (loop == null) {
            return;
        }
        if (loop.as() != null && RESERVED_CONTEXT.contains(loop.as())) {
            out.error(DiagnosticCode.LOOP_VARIABLE_SHADOWS, loop.source().valuePosition("as"),
                    "`as: " + loop.as() + "` would hide the template context name `$" + loop.as() + "`",
                    "`workload`, `steps`, `execution`, `secrets`, `fn`, `vars` and `index`");
        }
        if ("sequential".equals(loop.mode()) && loop.source().has("max_parallel")) {
            out.error(DiagnosticCode.MAX_PARALLEL_NOT_PARALLEL, loop.source().keyPosition("max_parallel"),
                    "`max_parallel` has no effect on a sequential loop");
        }
    }

    private void checkRetryAndTimeout(PlaybookDocument.Step step, Diagnostics out) {
        PlaybookDocument.Retry retry = step.retry();
        if (retry == null) {
            return;
        }
        Duration initial = DurationSyntax.parse(retry.initial()).orElse(null);
        Duration max = DurationSyntax.parse(retry.max()).orElse(null);
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            YamlMap backoff = retry.source().map("backoff");
            out.error(DiagnosticCode.BACKOFF_ORDER, backoff.valuePosition("max"),
                    "backoff max " + retry.max() + " is shorter than initial " + retry.initial());
        }
    }

    private void checkOnFailure(PlaybookDocument.Step step, Map<String, PlaybookDocument.Step> steps,
            Diagnostics out, Map<String, PlaybookDocument.Step> failFast) {
        PlaybookDocument.OnFailure onFailure = step.onFailure();
        if (onFailure == null || onFailure.step() == null) {
            return;
        }
        SourcePosition at = onFailure.source().valuePosition("step");
        if (onFailure.step().equals(step.name()) || onFailure.step().equals("start") || onFailure.step().equals("end")) {
            out.error(DiagnosticCode.INVALID_FAILURE_HANDLER, at,
                    "`" + onFailure.step() + "` cannot handle the failure of `" + step.name() + "`");
            return;
        }
        checkStepReference(step, onFailure.step(), at, steps, out);
        if (!"continue".equals(onFailure.then())) {
            failFast.putIfAbsent(onFailure.step(), step);
        }
    }

    private void checkSave(PlaybookDocument.Step step, Diagnostics out) {
        YamlMap save = step.save();
        if (save == null) {
            return;
        }
        List<String> missing = new ArrayList<>();
        String to = save.string("to");
        if ("table".equals(to)) {
            if (!save.has("table")) {
                missing.add("table");
            }
            if ("upsert".equals(save.string("mode")) && !save.has("key")) {
                missing.add("key");
            }
        } else if ("file".equals(to)) {
            for (String key : List.of("path", "format")) {
                if (!save.has(key)) {
                    missing.add(key);
                }
            }
        }
        if (!missing.isEmpty()) {
            String keys = String.join(" and ", missing.stream().map(k -> "`" + k + "`").toList());
            out.error(DiagnosticCode.INCOMPLETE_SAVE, save.position(),
                    "`save` of `" + step.name() + "` to " + to + " needs " + keys,
                    "add " + keys + " to `save`" + (missing.contains("key") ? " (`mode: upsert` matches rows on `key`)" : ""));
        }
    }

    private void checkSchedule(PlaybookDocument.Schedule schedule, Diagnostics out) {
        if (schedule.cron() != null) {
            try {
                CronSyntax.toQuartz(schedule.cron());
            } catch (IllegalArgumentException e) {
                out.error(DiagnosticCode.BAD_CRON, schedule.source().valuePosition("cron"),
                        "cron `" + schedule.cron() + "` " + e.getMessage());
            }
        }
        if (schedule.timezone() != null) {
            try {
                ZoneId.of(schedule.timezone());
            } catch (DateTimeException e) {
                out.error(DiagnosticCode.UNKNOWN_TIMEZONE, schedule.source().valuePosition("timezone"),
                        "`" + schedule.timezone() + "` is not a known time zone");
            }
        }
    }
}
