package io.playbatch.compiler.convert;

import java.util.List;

/**
 * The result of converting one file: the converted text (always valid YAML), whether it differs
 * from the original (an already-v2 file is returned unchanged), and what is left for a human.
 */
public record Conversion(String file, String text, boolean changed, List<ConversionTodo> todos) {

    public Conversion {
        todos = List.copyOf(todos);
    }
}
