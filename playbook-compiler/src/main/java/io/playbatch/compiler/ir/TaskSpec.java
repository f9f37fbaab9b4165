package io.playbatch.compiler.ir;

import java.util.Map;

/**
 * The task a step runs, before rendering: the task type and its {@code args} as JSON-like values
 * (maps, lists, strings, numbers, booleans, null) whose strings may be Velocity templates.
 * For a workbook task, {@code args} already holds the step's args merged over the workbook's,
 * and {@code workbookTask} names the workbook entry; otherwise it is null.
 */
public record TaskSpec(String type, Map<String, Object> args, String workbookTask) {

    public TaskSpec {
        args = args == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
    }

    public static TaskSpec noop() {
        return new TaskSpec("noop", Map.of(), null);
    }
}
