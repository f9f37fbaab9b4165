package io.playbatch.compiler.bench;

/**
 * A large, valid playbook for the benchmark and scale tests: a chain of segments of ten steps,
 * each segment with templates reading earlier steps, a parallel split joining again, an exclusive
 * choice and a loop, so every validation rule has work to do.
 */
public final class GeneratedPlaybook {

    private GeneratedPlaybook() {
    }

    /** A playbook of {@code steps} steps (exactly, start and end included). */
    public static String yaml(int steps) {
        StringBuilder y = new StringBuilder("""
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: generated
                  description: A generated playbook for the validation benchmark
                workload:
                  threshold: 10
                  items: [ 1, 2, 3 ]
                workbook:
                  - name: probe
                    type: http
                    args: { method: GET, url: "http://localhost:8089/health?from=${execution.runId}" }
                workflow:
                  - step: start
                    next: [ s0_a ]
                """);
        int segments = Math.max(1, (steps - 2) / 10);
        int padding = Math.max(0, steps - 2 - segments * 10);
        for (int s = 0; s < segments; s++) {
            String p = "s" + s + "_";
            String next = s + 1 < segments ? "s" + (s + 1) + "_a" : padding > 0 ? "pad0" : "end";
            String previous = s == 0 ? "start" : "s" + (s - 1) + "_j";
            y.append(step(p + "a", "log", "{ message: \"segment " + s + " after ${steps." + previous + ".status}\" }",
                    "[ " + p + "b, " + p + "c ]"));
            y.append(step(p + "b", "sql", "{ connection: default, query: \"select ${workload.threshold} as t\" }",
                    "[ " + p + "d ]"));
            y.append(step(p + "d", "log", "{ message: \"b said ${steps." + p + "b.data}\" }", "[ " + p + "e ]"));
            y.append(step(p + "c", "noop", null, "[ " + p + "e ]"));
            y.append(step(p + "e", "log", "{ message: \"${steps." + p + "d.data} and ${steps." + p + "c.status}\" }",
                    null));
            y.append("    next:\n      - when: \"$steps.").append(p).append("b.data.size() > $workload.threshold\"\n")
                    .append("        then: [ ").append(p).append("f ]\n      - else: [ ").append(p).append("g ]\n");
            y.append(step(p + "f", "log", "{ message: big, level: info }", "[ " + p + "h ]"));
            y.append(step(p + "g", "log", "{ message: small, level: info }", "[ " + p + "h ]"));
            y.append("  - step: ").append(p).append("h\n    loop: { over: \"$workload.items\", as: item }\n")
                    .append("    task: { workbook: probe, args: { label: \"item ${item} at ${index}\" } }\n")
                    .append("    retry: { max_attempts: 2, backoff: { initial: 1s } }\n")
                    .append("    next: [ ").append(p).append("i ]\n");
            y.append(step(p + "i", "noop", null, "[ " + p + "j ]"));
            y.append(step(p + "j", "log", "{ message: \"loop gave ${steps." + p + "h.data}\" }", "[ " + next + " ]"));
        }
        for (int i = 0; i < padding; i++) {
            y.append(step("pad" + i, "noop", null, "[ " + (i + 1 < padding ? "pad" + (i + 1) : "end") + " ]"));
        }
        y.append("  - step: end\noutput: \"$steps.s").append(segments - 1).append("_j.data\"\n");
        return y.toString();
    }

    private static String step(String name, String type, String args, String next) {
        StringBuilder y = new StringBuilder("  - step: ").append(name).append("\n    type: ").append(type).append('\n');
        if (args != null) {
            y.append("    args: ").append(args).append('\n');
        }
        if (next != null) {
            y.append("    next: ").append(next).append('\n');
        }
        return y.toString();
    }
}
