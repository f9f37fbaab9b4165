package io.playbatch.compiler.template;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The helpers a template calls as {@code $fn.NAME(...)} (docs/dsl.md#template-helpers), each with
 * the number of arguments it takes. {@code validate} checks names and argument counts against this
 * list, the renderer's {@link SandboxUberspector} dispatches on it, and {@link TemplateFunctions}
 * implements it: nothing else on {@code $fn} can be called.
 */
public enum TemplateHelper {
    JSON("json", 1, "$fn.json(value)"),
    DEFAULT("default", 2, "$fn.default(value, fallback)"),
    NOW("now", 0, "$fn.now()");

    private final String helperName;
    private final int arity;
    private final String usage;

    TemplateHelper(String helperName, int arity, String usage) {
        this.helperName = helperName;
        this.arity = arity;
        this.usage = usage;
    }

    /** The name a template calls it by. */
    public String helperName() {
        return helperName;
    }

    /** How many arguments it takes. */
    public int arity() {
        return arity;
    }

    /** How it is called, for messages: {@code $fn.json(value)}. */
    public String usage() {
        return usage;
    }

    /** The helper called {@code name}, if there is one. */
    public static Optional<TemplateHelper> named(String name) {
        return Arrays.stream(values()).filter(helper -> helper.helperName.equals(name)).findFirst();
    }

    /** Every helper's usage, for hints: "$fn.json(value), $fn.default(value, fallback), $fn.now()". */
    public static String usages() {
        return Arrays.stream(values()).map(TemplateHelper::usage).collect(Collectors.joining(", "));
    }

    /** Why a call of {@code name} with {@code arguments} arguments is refused, or empty when it is a helper call. */
    public static Optional<String> refusal(String name, int arguments) {
        Optional<TemplateHelper> helper = named(name);
        if (helper.isEmpty()) {
            return Optional.of("`$fn." + name + "(...)` is not a template helper");
        }
        if (helper.get().arity != arguments) {
            return Optional.of("`$fn." + name + "` takes " + helper.get().arity + " argument"
                    + (helper.get().arity == 1 ? "" : "s") + " (" + helper.get().usage + "), not " + arguments);
        }
        return Optional.empty();
    }

    /** The hint that goes with a {@link #refusal}. */
    public static String hint() {
        return "the helpers are " + usages() + "; see " + TemplatePolicy.HELPERS_DOCS;
    }
}
