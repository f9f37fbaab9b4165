package io.playbatch.compiler.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Just enough reading of SQL text to tell statements apart and a query from an update. */
final class SqlText {

    private SqlText() {
    }

    /** The statements of {@code sql}, split at semicolons outside quotes, with {@code --} comments removed. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (String line : sql.split("\n", -1)) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (!quoted && c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '-') {
                    break;
                }
                if (c == '\'') {
                    quoted = !quoted;
                }
                if (c == ';' && !quoted) {
                    add(statements, current);
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
            current.append('\n');
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder statement) {
        if (!statement.toString().isBlank()) {
            statements.add(statement.toString().strip());
        }
    }

    static boolean isQuery(String statement) {
        String head = statement.toLowerCase(Locale.ROOT);
        return head.startsWith("select") || head.startsWith("with") || head.startsWith("values")
                || head.startsWith("show");
    }
}
