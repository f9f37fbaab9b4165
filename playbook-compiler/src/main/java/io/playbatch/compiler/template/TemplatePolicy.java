package io.playbatch.compiler.template;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a playbook template may do, shared by {@code validate} and the renderer so that both judge
 * a template alike (docs/security.md#templates). It is an allowlist: read-only methods per
 * {@link ReceiverKind}, and the directives {@code #if}, {@code #set}, {@code #foreach},
 * {@code #break} and {@code #stop}. Everything else, {@code getClass()}, reflection, class
 * loaders, static access, {@code #evaluate}, {@code #include}, {@code #parse}, {@code #define} and
 * macros, is refused. Immutable and thread-safe.
 */
public final class TemplatePolicy {

    /** Where a refusal's message sends the author. */
    public static final String DOCS = "docs/security.md#templates-what-a-template-can-and-cannot-do";

    /** Where a refused helper call sends the author. */
    public static final String HELPERS_DOCS = "docs/dsl.md#template-helpers";

    private static final Set<String> OBJECT_METHODS = Set.of("equals", "toString");

    private static final TemplatePolicy STANDARD = new TemplatePolicy();

    private final Map<ReceiverKind, Set<String>> methods = new EnumMap<>(ReceiverKind.class);
    private final Map<String, String> forbiddenDirectives = new LinkedHashMap<>();
    // Only names no data key plausibly has: validate reports them early; the uberspector refuses every
    // getter outside the allowlist at run time whatever its name, so this list need not be complete.
    private final Set<String> reachingProperties = Set.of("class", "classLoader", "contextClassLoader",
            "declaringClass", "declaredClasses", "declaredConstructors", "declaredFields", "declaredMethods",
            "protectionDomain", "superclass");

    private TemplatePolicy() {
        methods.put(ReceiverKind.STRING, with(OBJECT_METHODS, "length", "isEmpty", "isBlank", "charAt", "substring",
                "toUpperCase", "toLowerCase", "trim", "strip", "replace", "startsWith", "endsWith", "indexOf",
                "lastIndexOf", "contains", "equalsIgnoreCase", "compareTo", "split", "concat"));
        methods.put(ReceiverKind.NUMBER, with(OBJECT_METHODS, "intValue", "longValue", "doubleValue", "compareTo"));
        methods.put(ReceiverKind.BOOLEAN, with(OBJECT_METHODS, "booleanValue", "compareTo"));
        methods.put(ReceiverKind.LIST, with(OBJECT_METHODS, "size", "isEmpty", "get", "contains", "containsAll",
                "indexOf", "lastIndexOf", "subList"));
        methods.put(ReceiverKind.COLLECTION, with(OBJECT_METHODS, "size", "isEmpty", "contains", "containsAll"));
        methods.put(ReceiverKind.MAP, with(OBJECT_METHODS, "size", "isEmpty", "get", "getOrDefault", "containsKey",
                "containsValue", "keySet", "values", "entrySet"));
        methods.put(ReceiverKind.MAP_ENTRY, with(OBJECT_METHODS, "getKey", "getValue"));
        methods.put(ReceiverKind.LOOP_STATE, Set.of("getIndex", "getCount", "hasNext", "getHasNext", "isFirst",
                "getFirst", "isLast", "getLast"));
        methods.put(ReceiverKind.FUNCTIONS, Arrays.stream(TemplateHelper.values()).map(TemplateHelper::helperName)
                .collect(Collectors.toUnmodifiableSet()));
        methods.put(ReceiverKind.OTHER, Set.of());
        forbiddenDirectives.put("evaluate", "#evaluate renders data as a template, so whoever supplies the data"
                + " would write code; write the template in the playbook instead");
        forbiddenDirectives.put("include", "#include reads a file of the server; put the text in the workload or"
                + " the playbook instead");
        forbiddenDirectives.put("parse", "#parse reads and runs a template file of the server; write the template"
                + " in the playbook instead");
        forbiddenDirectives.put("define", "#define stores a block of template to render later; write the text"
                + " where it is used, or #set a value");
        forbiddenDirectives.put("macro", "macros can recurse without bound; write the text where it is used,"
                + " or use #foreach");
    }

    /** The one policy every Playbatch template runs under. */
    public static TemplatePolicy standard() {
        return STANDARD;
    }

    /** Whether a template may call the Java method {@code name} on a value of {@code kind}. */
    public boolean allows(ReceiverKind kind, String name) {
        return methods.get(kind).contains(name);
    }

    /** The Java methods a template may call on a value of {@code kind}, sorted. */
    public Set<String> methods(ReceiverKind kind) {
        return new TreeSet<>(methods.get(kind));
    }

    /**
     * Whether some kind allows {@code name}: all {@code validate} can check, since it does not know
     * the type a reference will have at run time (the renderer checks the kind as well).
     */
    public boolean allowsAnywhere(String name) {
        return methods.values().stream().anyMatch(names -> names.contains(name));
    }

    /** Every method a template may call on some kind of value, sorted, for hints. */
    public Set<String> allMethods() {
        Set<String> all = new TreeSet<>();
        methods.values().forEach(all::addAll);
        return all;
    }

    /**
     * Whether {@code name}, read as a property ({@code $x.class}), names a getter that reaches the
     * JVM's types on any class. A map key of that name is harmless at run time (the renderer reads
     * it as a key); {@code validate} refuses it because it cannot tell a map from a bean.
     */
    public boolean reachesTypes(String name) {
        return reachingProperties.contains(name);
    }

    /**
     * Why {@code #name} is refused and what to write instead, or empty when it is allowed. Velocity's
     * own directives besides these are {@code #if}, {@code #set}, {@code #foreach}, {@code #break}
     * and {@code #stop}; any other {@code #word} would call a macro, and since no macro can be
     * defined (no {@code #macro}, no library) Velocity writes it as text.
     */
    public Optional<String> directiveReason(String name) {
        return Optional.ofNullable(forbiddenDirectives.get(name));
    }

    private static Set<String> with(Set<String> base, String... names) {
        Set<String> all = new HashSet<>(base);
        all.addAll(Set.of(names));
        return Set.copyOf(all);
    }
}
