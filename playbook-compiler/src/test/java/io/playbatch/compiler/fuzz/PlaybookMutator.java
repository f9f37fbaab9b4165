package io.playbatch.compiler.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Breaks a valid playbook the ways people and attackers do: lines deleted, duplicated, swapped
 * or re-indented, values of another type, Velocity directives (escapes included), huge numbers,
 * deep nesting, alias bombs, binary garbage, truncation and empty files. Deterministic for a seed,
 * so a failing case is reproduced by its seed and index. Not thread-safe (one {@link Random}).
 */
public final class PlaybookMutator {

    private static final String HUGE = "99999999999999999999";
    private static final List<String> DIRECTIVES = List.of(
            "#if($workload.x)", "#end", "#else", "#foreach($i in $workload.items)", "#set($a = 1)", "${",
            "$!{workload.", "#evaluate($workload.code)", "#include(\"/etc/passwd\")", "#parse(\"x.vm\")",
            "#define($d)x#end", "#macro(m)#m()#end#m()", "$workload.getClass().forName(\"java.lang.Runtime\")",
            "$steps.x.data.class.classLoader", "#break", "#stop", "## comment", "#[[unparsed", "{{ jinja }}",
            "$", "#", "#{end}", "#if(" + "(".repeat(500) + "true" + ")".repeat(500) + ")#end");
    private static final List<String> VALUES = List.of(
            "[]", "{}", "[ a, b ]", "{ a: 1 }", "null", "~", "true", "0", "-1", "1.5", HUGE, "-" + HUGE, "1e400",
            "'quoted'", "\"\\u0000\"", "|\n  block", ">", "&a", "*a", "!!binary AAAA", "!tag x", "? x", "'", "\"",
            "0x1F", "0o17", ".inf", ".nan", "2026-12-04", "9".repeat(2000));

    private final Random random;

    public PlaybookMutator(long seed) {
        this.random = new Random(seed);
    }

    /** One to three mutations of {@code playbook}, as the bytes of a file (binary garbage is not UTF-8). */
    public byte[] mutate(String playbook) {
        int kind = random.nextInt(100);
        if (kind < 3) {
            return empty();
        }
        if (kind < 8) {
            return garbage(playbook);
        }
        List<String> lines = new ArrayList<>(List.of(playbook.split("\n", -1)));
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutateLines(lines);
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private void mutateLines(List<String> lines) {
        if (lines.isEmpty()) {
            lines.add("");
        }
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        switch (random.nextInt(12)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(at, line);
            case 2 -> lines.set(at, reindent(line));
            case 3 -> lines.set(at, withValue(line, pick(VALUES)));
            case 4 -> lines.set(at, withValue(line, "\"" + pick(DIRECTIVES) + "\""));
            case 5 -> lines.set(at, line + pick(DIRECTIVES));
            case 6 -> lines.set(at, withValue(line, random.nextBoolean() ? HUGE : "9".repeat(1 + random.nextInt(1500))));
            case 7 -> lines.add(at, deepNesting(indentOf(line)));
            case 8 -> lines.add(Math.min(at + 1, lines.size()), aliasBomb(indentOf(line)));
            case 9 -> Collections.swap(lines, at, random.nextInt(lines.size()));
            case 10 -> lines.subList(at, lines.size()).clear();
            default -> lines.set(at, withValue(line, "\"" + "#if(true)".repeat(3000) + "#end".repeat(3000) + "\""));
        }
    }

    private byte[] empty() {
        return switch (random.nextInt(4)) {
            case 0 -> new byte[0];
            case 1 -> "\n\n   \n".getBytes(StandardCharsets.UTF_8);
            case 2 -> "# only a comment\n".getBytes(StandardCharsets.UTF_8);
            default -> "---\n...\n".getBytes(StandardCharsets.UTF_8);
        };
    }

    /** The playbook with random bytes written over a random stretch of it, or random bytes alone. */
    private byte[] garbage(String playbook) {
        byte[] bytes = random.nextInt(4) == 0 ? new byte[1 + random.nextInt(4096)]
                : playbook.getBytes(StandardCharsets.UTF_8);
        int from = random.nextInt(bytes.length);
        int length = Math.min(bytes.length - from, 1 + random.nextInt(64));
        for (int i = from; i < from + length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private String reindent(String line) {
        String stripped = line.stripLeading();
        return switch (random.nextInt(4)) {
            case 0 -> stripped;
            case 1 -> " ".repeat(1 + random.nextInt(4)) + line;
            case 2 -> "\t" + stripped;
            default -> line.substring(Math.min(line.length() - stripped.length(), 1 + random.nextInt(3)));
        };
    }

    /** {@code line} with what follows its first {@code ": "} (or the whole line) replaced by {@code value}. */
    private static String withValue(String line, String value) {
        int colon = line.indexOf(": ");
        return colon < 0 ? line + " " + value : line.substring(0, colon + 2) + value;
    }

    private String deepNesting(String indent) {
        int depth = 10 + random.nextInt(random.nextBoolean() ? 100 : 5000);
        if (random.nextBoolean()) {
            return indent + "deep: " + "[".repeat(depth) + "]".repeat(depth);
        }
        return indent + "deep: " + "{a: ".repeat(depth) + "1" + "}".repeat(depth);
    }

    private String aliasBomb(String indent) {
        int levels = 1 + random.nextInt(10);
        int width = 2 + random.nextInt(9);
        StringBuilder bomb = new StringBuilder(indent).append("l0: &l0 [ lol, lol ]");
        for (int level = 1; level <= levels; level++) {
            bomb.append('\n').append(indent).append('l').append(level).append(": &l").append(level).append(" [ ")
                    .append(String.join(", ", Collections.nCopies(width, "*l" + (level - 1)))).append(" ]");
        }
        return bomb.toString();
    }

    private static String indentOf(String line) {
        return line.substring(0, line.length() - line.stripLeading().length());
    }

    private String pick(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
