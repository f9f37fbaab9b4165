package io.playbatch.compiler.convert;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Converts v1 (NoETL-style) playbooks to the v2 language: {@code playbatch convert}
 * (docs/migration.md, "Converting with playbatch convert"). The file is read with SnakeYAML
 * Engine's node API, so keys keep their order and comments stay where the parser attached them;
 * the mechanical rules of {@link PlaybookRewrite} edit the tree, and what needs a human becomes a
 * {@code # TODO(convert):} comment and a {@link ConversionTodo}. A file that already says
 * {@code apiVersion: playbatch.io/v2} is returned unchanged. Thread-safe.
 */
public final class PlaybookConverter {

    private static final Pattern V2 = Pattern.compile("(?m)^apiVersion:\\s*['\"]?playbatch\\.io/v2['\"]?\\s*(#.*)?$");
    /** A block comment the emitter writes after a list item's dash ({@code - # x}), moved above the dash. */
    private static final Pattern DASH_COMMENT = Pattern.compile("^(\\s*)-(?: (#.*)| *)$");
    private static final int MAX_BYTES = 1024 * 1024;

    /**
     * Converts one file's text.
     *
     * @throws ConversionException when the text is not YAML or not one mapping (the message says where)
     */
    public Conversion convert(String file, String text) {
        return convert(file, text, ChildOutputs.none());
    }

    /**
     * Converts one file of a batch: {@code children} ({@link #scan}) says which sub-playbooks of the
     * batch output the step a parent's {@code return_step} names.
     *
     * @throws ConversionException when the text is not YAML or not one mapping (the message says where)
     */
    public Conversion convert(String file, String text, ChildOutputs children) {
        if (V2.matcher(text).find()) {
            return new Conversion(file, text, false, List.of());
        }
        MappingNode root = parse(file, text);
        TodoList todos = new TodoList();
        String baseName = Path.of(file).getFileName().toString().replaceFirst("\\.ya?ml$", "");
        new PlaybookRewrite(root, todos, baseName, children).apply();
        String converted = moveDashComments(dump(root));
        return new Conversion(file, converted, !converted.equals(text), withOutputLines(converted, todos.all()));
    }

    /**
     * What the files to convert together ask of each other ({@code return_step}), from their texts by
     * file name; a file that is not readable, or already v2, asks nothing and is no child.
     */
    public ChildOutputs scan(Map<String, String> texts) {
        List<MappingNode> roots = new ArrayList<>();
        texts.forEach((file, text) -> {
            if (!V2.matcher(text).find()) {
                try {
                    roots.add(parse(file, text));
                } catch (ConversionException e) {
                    // Reported when the file itself is converted.
                }
            }
        });
        return ChildOutputs.scan(roots);
    }

    private static MappingNode parse(String file, String text) {
        LoadSettings settings = LoadSettings.builder().setParseComments(true).setLabel(file)
                .setCodePointLimit(MAX_BYTES).setAllowDuplicateKeys(false).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
                    .orElse(file);
            throw new ConversionException(where + ": not readable as YAML (" + e.getProblem()
                    + "): fix the YAML syntax first, then convert");
        } catch (YamlEngineException e) {
            throw new ConversionException(file + ": not readable as YAML (" + e.getMessage() + ")");
        }
        if (root.isEmpty() || !(root.get() instanceof MappingNode map)) {
            throw new ConversionException(file + ": not a playbook: a playbook is one YAML mapping with `workflow`");
        }
        return map;
    }

    private static String dump(Node root) {
        DumpSettings settings = DumpSettings.builder().setDumpComments(true).setIndent(2).setIndicatorIndent(2)
                .setIndentWithIndicator(true).setWidth(120).setSplitLines(false).build();
        StringBuilder out = new StringBuilder();
        new Dump(settings).dumpNode(root, new StreamDataWriter() {
            @Override
            public void write(String text) {
                out.append(text);
            }

            @Override
            public void write(String text, int offset, int length) {
                out.append(text, offset, offset + length);
            }
        });
        return out.toString();
    }

    /**
     * SnakeYAML writes the comments and blank lines above a list item's first key after its dash
     * ({@code - # note}, or a dash alone); a reader expects them above the dash, where they were.
     */
    static String moveDashComments(String text) {
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher dash = DASH_COMMENT.matcher(lines[i]);
            if (!dash.matches()) {
                out.add(lines[i]);
                continue;
            }
            String indent = dash.group(1);
            String inner = indent + "  ";
            List<String> above = new ArrayList<>();
            if (dash.group(2) != null) {
                above.add(indent + dash.group(2));
            }
            int j = i + 1;
            while (j < lines.length && (lines[j].isBlank() || lines[j].startsWith(inner + "#"))) {
                above.add(lines[j].isBlank() ? "" : indent + lines[j].substring(inner.length()));
                j++;
            }
            if (j < lines.length && lines[j].startsWith(inner) && !lines[j].startsWith(inner + " ")) {
                out.addAll(above);
                out.add(indent + "- " + lines[j].substring(inner.length()));
                i = j;
            } else {
                // Not the shape expected: keep the emitter's line as it was.
                out.add(lines[i]);
            }
        }
        return String.join("\n", out);
    }

    /** Each TODO with the line its comment ended up on in the converted text. */
    private static List<ConversionTodo> withOutputLines(String text, List<ConversionTodo> todos) {
        Map<String, Deque<Integer>> lines = new HashMap<>();
        String[] all = text.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            int hash = all[i].indexOf("# TODO(convert):");
            if (hash >= 0) {
                lines.computeIfAbsent(all[i].substring(hash + 1), k -> new ArrayDeque<>()).add(i + 1);
            }
        }
        return todos.stream().map(t -> {
            Deque<Integer> at = lines.get(t.comment());
            return t.atOutputLine(at == null || at.isEmpty() ? 0 : at.poll());
        }).sorted(java.util.Comparator.comparingInt(ConversionTodo::outputLine)).toList();
    }
}
