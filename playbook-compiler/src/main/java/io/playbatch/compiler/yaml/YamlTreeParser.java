package io.playbatch.compiler.yaml;

import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.diag.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Reads YAML text into a positioned {@link YamlNode} tree with Jackson's YAML streaming parser,
 * taking each node's line and column from its token. A syntax error, a duplicate key or a document
 * that is not a single mapping is reported as a diagnostic, never thrown.
 * <p>
 * The text may be anything (an operator can point {@code validate} or the API at any file), so
 * diagnostics about a file that is not a playbook quote none of its content: a document whose top
 * mapping has no {@code apiVersion: playbatch.io/...} gets one PB004 and nothing else, and a YAML
 * syntax error never carries a snippet of the line. Within {@link YamlLimits} only: nesting depth
 * (PB056) and aliases (PB055, expanded by sharing the anchored node, so a "billion laughs" costs
 * a counter, not memory). Thread-safe.
 */
public final class YamlTreeParser {

    /** Quoted spans of a parser message: they quote the file. */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`");
    /** What a parser message may still hold once quotes are gone; anything else could be content. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9 ,.()<>_-]*");
    private static final String API_VERSION_PREFIX = "playbatch.io/";
    /** A v1 playbook declares itself too, so it gets the diagnostics that say how to migrate it (docs/migration.md). */
    private static final String V1_API_VERSION_PREFIX = "noetl.io/";
    /** A parser message that might quote the file is replaced by this (YAML's `.inf` and `.nan` are such errors). */
    private static final String UNREADABLE = "this value or line cannot be read as YAML";

    private final YamlLimits limits;
    private final YAMLMapper mapper;

    /** A parser with {@link YamlLimits#defaults()}. */
    public YamlTreeParser() {
        this(YamlLimits.defaults());
    }

    public YamlTreeParser(YamlLimits limits) {
        this.limits = limits;
        // Jackson's own limits are backstops one step beyond ours, so ours report first, with a position.
        YAMLFactory factory = YAMLFactory.builder()
                .loadSettings(LoadSettings.builder().setCodePointLimit(Math.max(limits.maxBytes(), 1024) + 1).build())
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth() + 2).build())
                // The reader reports a duplicate key itself, at the key, as PB003.
                .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = YAMLMapper.builder(factory).build();
    }

    /** The document's root mapping, or empty when the text is not a readable playbook document. */
    public Optional<YamlMap> parse(String fileName, String text, Diagnostics diagnostics) {
        Optional<SourcePosition> binary = firstNonYamlCharacter(fileName, text);
        if (binary.isPresent()) {
            diagnostics.error(DiagnosticCode.NOT_A_PLAYBOOK, binary.get(),
                    "the file holds binary data (a control character here), not YAML text");
            return Optional.empty();
        }
        String[] lines = text.split("\n", -1);
        Diagnostics found = new Diagnostics();
        Reader reader = null;
        try (JsonParser parser = mapper.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                diagnostics.error(DiagnosticCode.NOT_A_PLAYBOOK, new SourcePosition(fileName, 1, 1),
                        "the file is empty");
                return Optional.empty();
            }
            reader = new Reader(fileName, lines, (YAMLParser) parser, limits, found);
            YamlNode root = reader.read(1).node();
            if (!(root instanceof YamlMap map)) {
                diagnostics.error(DiagnosticCode.NOT_A_PLAYBOOK, root.position(),
                        "the document is " + (root instanceof YamlList ? "a list" : "a single value") + ", not a mapping");
                return Optional.empty();
            }
            if (!reader.declaresPlaybook) {
                diagnostics.error(DiagnosticCode.NOT_A_PLAYBOOK, root.position(),
                        "the file is not a playbook: its top mapping has no `apiVersion: playbatch.io/v2`");
                return Optional.empty();
            }
            found.sorted().forEach(diagnostics::add);
            if (parser.nextToken() != null) {
                diagnostics.error(DiagnosticCode.NOT_A_PLAYBOOK, position(fileName, parser.currentTokenLocation()),
                        "the file holds more than one YAML document");
            }
            return Optional.of(map);
        } catch (LimitExceeded e) {
            diagnostics.add(e.diagnostic);
            return Optional.empty();
        } catch (JacksonException e) {
            if (reader != null && reader.declaresPlaybook) {
                found.sorted().forEach(diagnostics::add);
            }
            TokenStreamLocation location = e.getLocation();
            SourcePosition at = location != null ? position(fileName, location)
                    : reader != null ? reader.lastPosition : new SourcePosition(fileName, 1, 1);
            if (e instanceof StreamConstraintsException) {
                // Only a number past Jackson's 1000 digits gets here: ours stop depth first, and a string
                // as long as Jackson's limit would not fit in a file of at most yaml-bytes.
                diagnostics.error(DiagnosticCode.VALUE_TOO_LARGE, at,
                        "a number after this point has more digits than the compiler reads", "1000 digits");
            } else {
                diagnostics.error(DiagnosticCode.YAML_SYNTAX, at, "YAML syntax error: " + problem(e.getOriginalMessage()));
            }
            return Optional.empty();
        }
    }

    /**
     * The parser's first line with every quoted span removed: it describes the error without quoting
     * the file, which may be a secret that is not a playbook at all.
     */
    private static String problem(String message) {
        if (message == null) {
            return UNREADABLE;
        }
        String line = message.strip().lines().findFirst().orElse(message).strip();
        line = line.endsWith(":") ? line.substring(0, line.length() - 1) : line;
        line = QUOTED.matcher(line).replaceAll("").replaceAll(" {2,}", " ").strip();
        return !line.isEmpty() && PLAIN.matcher(line).matches() ? line : UNREADABLE;
    }

    /** Where the text holds a character YAML forbids (NUL, other C0/C1 controls, U+FFFE/U+FFFF), if anywhere. */
    private static Optional<SourcePosition> firstNonYamlCharacter(String fileName, String text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                continue;
            }
            boolean control = (c < 0x20 && c != '\t' && c != '\r') || (c >= 0x7F && c <= 0x9F && c != 0x85)
                    || c == 0xFFFE || c == 0xFFFF;
            if (control) {
                return Optional.of(new SourcePosition(fileName, line, column));
            }
            column++;
        }
        return Optional.empty();
    }

    static SourcePosition position(String fileName, TokenStreamLocation location) {
        return new SourcePosition(fileName, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }

    /** A limit of {@link YamlLimits} was reached: reading stops at once, however deep the recursion is. */
    private static final class LimitExceeded extends RuntimeException {
        private final transient Diagnostic diagnostic;

        LimitExceeded(Diagnostic diagnostic) {
            super(diagnostic.message(), null, false, false);
            this.diagnostic = diagnostic;
        }
    }

    /** A node read, with what it costs once expanded: its node count and its height (a scalar's is 0). */
    private record Built(YamlNode node, long nodes, int height) {
    }

    /** One pass over the token stream; recursion depth is the document's nesting depth, at most the limit. */
    private static final class Reader {
        private final String fileName;
        private final String[] lines;
        private final YAMLParser parser;
        private final YamlLimits limits;
        private final Diagnostics diagnostics;
        private final Map<String, Built> anchors = new HashMap<>();
        private int aliases;
        private long aliasedNodes;
        /** Where the last node or key read starts: a parser error without a location happened after it. */
        SourcePosition lastPosition;
        /** Whether the top mapping has {@code apiVersion: playbatch.io/...} (or v1's {@code noetl.io/...}): only then is the text quoted. */
        boolean declaresPlaybook;

        Reader(String fileName, String[] lines, YAMLParser parser, YamlLimits limits, Diagnostics diagnostics) {
            this.fileName = fileName;
            this.lines = lines;
            this.parser = parser;
            this.limits = limits;
            this.diagnostics = diagnostics;
            this.lastPosition = new SourcePosition(fileName, 1, 1);
        }

        /** The node at the current token, {@code depth} being the depth a collection here would have (root: 1). */
        Built read(int depth) {
            SourcePosition at = position(fileName, parser.currentTokenLocation());
            lastPosition = at;
            JsonToken token = parser.currentToken();
            Object anchor = parser.getObjectId();
            Built built = switch (token) {
                case START_OBJECT -> readMap(at, depth);
                case START_ARRAY -> readList(at, depth);
                case VALUE_STRING -> parser.isCurrentAlias() ? alias(at, depth)
                        : scalar(new YamlScalar(parser.getString(), quotedAt(at), at));
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> scalar(new YamlScalar(parser.getNumberValue(), false, at));
                case VALUE_TRUE -> scalar(new YamlScalar(Boolean.TRUE, false, at));
                case VALUE_FALSE -> scalar(new YamlScalar(Boolean.FALSE, false, at));
                case VALUE_NULL -> scalar(new YamlScalar(null, false, at));
                default -> scalar(new YamlScalar(parser.getString(), false, at));
            };
            if (anchor != null) {
                anchors.put(anchor.toString(), built);
            }
            return built;
        }

        private static Built scalar(YamlScalar scalar) {
            return new Built(scalar, 1, 0);
        }

        private void enter(SourcePosition at, int depth) {
            if (depth > limits.maxDepth()) {
                throw tooDeep(at);
            }
        }

        private LimitExceeded tooDeep(SourcePosition at) {
            return new LimitExceeded(DiagnosticCode.YAML_TOO_DEEP.error(at,
                    "the document nests mappings and lists deeper than " + limits.maxDepth() + " levels here",
                    "flatten this value (at most " + limits.maxDepth()
                            + " levels; an operator may raise `playbatch.limits.yaml-depth`)"));
        }

        /**
         * An alias ({@code *name}) is the anchored node itself, shared, not a copy: the tree stays as
         * small as the text, and the limits count what consumers that walk it will see.
         */
        private Built alias(SourcePosition at, int depth) {
            aliases++;
            if (aliases > limits.maxAliases()) {
                throw new LimitExceeded(DiagnosticCode.YAML_ALIAS_LIMIT.error(at,
                        "the file uses more than " + limits.maxAliases() + " aliases (`*name`)",
                        "write the values out instead of aliasing them (at most " + limits.maxAliases()
                                + " aliases; an operator may raise `playbatch.limits.yaml-aliases`)"));
            }
            Built anchored = anchors.get(parser.getString());
            if (anchored == null) {
                throw new LimitExceeded(DiagnosticCode.YAML_ALIAS_LIMIT.error(at,
                        "this alias repeats no mapping or list anchored before it",
                        "anchor a mapping or a list before aliasing it (`key: &name { ... }`, then `*name`);"
                                + " write a single value out instead of aliasing it"));
            }
            aliasedNodes += anchored.nodes();
            if (aliasedNodes > limits.maxAliasedNodes()) {
                throw new LimitExceeded(DiagnosticCode.YAML_ALIAS_LIMIT.error(at,
                        "the aliases of this file repeat more than " + limits.maxAliasedNodes()
                                + " values (aliases of aliases multiply)",
                        "alias small mappings and lists, and not aliases of aliases (at most "
                                + limits.maxAliasedNodes() + " repeated values; `playbatch.limits.yaml-aliases` x "
                                + YamlLimits.NODES_PER_ALIAS + ")"));
            }
            if (anchored.height() > 0 && depth - 1 + anchored.height() > limits.maxDepth()) {
                throw tooDeep(at);
            }
            return anchored;
        }

        private Built readMap(SourcePosition at, int depth) {
            enter(at, depth);
            List<YamlMap.Entry> entries = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            long nodes = 1;
            int height = 0;
            while (parser.nextToken() != JsonToken.END_OBJECT) {
                SourcePosition keyAt = position(fileName, parser.currentTokenLocation());
                lastPosition = keyAt;
                String key = parser.currentName();
                parser.nextToken();
                Built value = read(depth + 1);
                nodes += value.nodes();
                height = Math.max(height, value.height());
                if (depth == 1 && "apiVersion".equals(key) && value.node() instanceof YamlScalar version
                        && version.value() instanceof String text
                        && (text.startsWith(API_VERSION_PREFIX) || text.startsWith(V1_API_VERSION_PREFIX))) {
                    declaresPlaybook = true;
                }
                if (keys.contains(key)) {
                    diagnostics.error(DiagnosticCode.DUPLICATE_KEY, keyAt,
                            "duplicate key `" + key + "` in this mapping", key);
                } else {
                    keys.add(key);
                    entries.add(new YamlMap.Entry(key, keyAt, value.node()));
                }
            }
            return new Built(new YamlMap(entries, at), nodes, height + 1);
        }

        private Built readList(SourcePosition at, int depth) {
            enter(at, depth);
            List<YamlNode> items = new ArrayList<>();
            long nodes = 1;
            int height = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                Built item = read(depth + 1);
                items.add(item.node());
                nodes += item.nodes();
                height = Math.max(height, item.height());
            }
            return new Built(new YamlList(items, at), nodes, height + 1);
        }

        private boolean quotedAt(SourcePosition at) {
            if (at.line() - 1 >= lines.length) {
                return false;
            }
            String line = lines[at.line() - 1];
            int index = at.column() - 1;
            return index >= 0 && index < line.length() && (line.charAt(index) == '"' || line.charAt(index) == '\'');
        }
    }
}
