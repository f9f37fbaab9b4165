package io.playbatch.compiler.dsl;

import io.playbatch.compiler.validate.DiagnosticCode;
import io.playbatch.compiler.validate.Diagnostics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads YAML text into a positioned {@link YamlNode} tree with Jackson's YAML streaming parser,
 * taking each node's line and column from its token. A syntax error, a duplicate key or a document
 * that is not a single mapping is reported as a diagnostic, never thrown. Thread-safe.
 */
public final class YamlTreeParser {

    private final YAMLMapper mapper = YAMLMapper.builder().build();

    /** The document's root mapping, or empty when the text is not a readable playbook document. */
    public Optional<YamlMap> parse(String fileName, String text, Diagnostics diagnostics) {
        String[] lines = text.split("\n", -1);
        try (JsonParser parser = mapper.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                diagnostics.error(DiagnosticCode.NOT_A_PLAYBOOK, new SourcePosition(fileName, 1, 1),
                        "the file is empty");
                return Optional.empty();
            }
            YamlNode root = new Reader(fileName, lines, parser, diagnostics).read();
            if (parser.nextToken() != null) {
                diagnostics.error(DiagnosticCode.NOT_A_PLAYBOOK, position(fileName, parser.currentTokenLocation()),
                        "the file holds more than one YAML document");
            }
            if (!(root instanceof YamlMap map)) {
                diagnostics.error(DiagnosticCode.NOT_A_PLAYBOOK, root.position(),
                        "the document is " + (root instanceof YamlList ? "a list" : "a single value") + ", not a mapping");
                return Optional.empty();
            }
            return Optional.of(map);
        } catch (JacksonException e) {
            TokenStreamLocation location = e.getLocation();
            SourcePosition at = location == null ? new SourcePosition(fileName, 1, 1) : position(fileName, location);
            diagnostics.error(DiagnosticCode.YAML_SYNTAX, at, "YAML syntax error: " + firstLine(e.getOriginalMessage()));
            return Optional.empty();
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        String line = message.strip().lines().findFirst().orElse(message).strip();
        return line.endsWith(":") ? line.substring(0, line.length() - 1) : line;
    }

    static SourcePosition position(String fileName, TokenStreamLocation location) {
        return new SourcePosition(fileName, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }

    /** One pass over the token stream; recursion depth is the document's nesting depth. */
    private static final class Reader {
        private final String fileName;
        private final String[] lines;
        private final JsonParser parser;
        private final Diagnostics diagnostics;

        Reader(String fileName, String[] lines, JsonParser parser, Diagnostics diagnostics) {
            this.fileName = fileName;
            this.lines = lines;
            this.parser = parser;
            this.diagnostics = diagnostics;
        }

        YamlNode read() {
            SourcePosition at = position(fileName, parser.currentTokenLocation());
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT:
                    return readMap(at);
                case START_ARRAY:
                    return readList(at);
                case VALUE_STRING:
                    return new YamlScalar(parser.getString(), quotedAt(at), at);
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    return new YamlScalar(parser.getNumberValue(), false, at);
                case VALUE_TRUE:
                    return new YamlScalar(Boolean.TRUE, false, at);
                case VALUE_FALSE:
                    return new YamlScalar(Boolean.FALSE, false, at);
                case VALUE_NULL:
                    return new YamlScalar(null, false, at);
                default:
                    return new YamlScalar(parser.getString(), false, at);
            }
        }

        private YamlMap readMap(SourcePosition at) {
            List<YamlMap.Entry> entries = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
                SourcePosition keyAt = position(fileName, parser.currentTokenLocation());
                String key = parser.currentName();
                parser.nextToken();
                YamlNode value = read();
                if (keys.contains(key)) {
                    diagnostics.error(DiagnosticCode.DUPLICATE_KEY, keyAt,
                            "duplicate key `" + key + "` in this mapping", key);
                } else {
                    keys.add(key);
                    entries.add(new YamlMap.Entry(key, keyAt, value));
                }
            }
            return new YamlMap(entries, at);
        }


        private YamlList readList(SourcePosition at) {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(read());
            }
            return new YamlList(items, at);
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
