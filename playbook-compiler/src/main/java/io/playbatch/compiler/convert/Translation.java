package io.playbatch.compiler.convert;

/** A Jinja text translated to Velocity, or the reason it could not be. */
sealed interface Translation {

    /** The Velocity text. */
    record Translated(String text) implements Translation {
    }

    /** What blocked the translation, as a TODO's kind, subject and reason. */
    record Untranslatable(TodoKind kind, String what, String why) implements Translation {
    }
}
