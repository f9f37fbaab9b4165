package io.playbatch.compiler.yaml;

import io.playbatch.compiler.diag.SourcePosition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML mapping whose keys are strings, in file order, each with the position of the key itself.
 * Keys are unique (the parser reports duplicates and keeps the first). Immutable.
 */
public final class YamlMap implements YamlNode {

    /** One key of a mapping, where the key was written, and its value. */
    public record Entry(String key, SourcePosition keyPosition, YamlNode value) {
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byKey;
    private final SourcePosition position;

    public YamlMap(List<Entry> entries, SourcePosition position) {
        this.entries = List.copyOf(entries);
        Map<String, Entry> index = new LinkedHashMap<>();
        for (Entry entry : this.entries) {
            index.putIfAbsent(entry.key(), entry);
        }
        this.byKey = Collections.unmodifiableMap(index);
        this.position = position;
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean has(String key) {
        return byKey.containsKey(key);
    }

    public Optional<Entry> entry(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The value under {@code key}, or null. */
    public YamlNode get(String key) {
        Entry entry = byKey.get(key);
        return entry == null ? null : entry.value();
    }

    /** The value under {@code key} when it is a string scalar, else null. */
    public String string(String key) {
        return get(key) instanceof YamlScalar s && s.value() instanceof String text ? text : null;
    }

    public YamlMap map(String key) {
        return get(key) instanceof YamlMap m ? m : null;
    }

    public YamlList list(String key) {
        return get(key) instanceof YamlList l ? l : null;
    }

    /** Where {@code key} was written, or where this mapping starts when it is absent. */
    public SourcePosition keyPosition(String key) {
        Entry entry = byKey.get(key);
        return entry == null ? position : entry.keyPosition();
    }

    /** Where the value of {@code key} starts, or where this mapping starts when it is absent. */
    public SourcePosition valuePosition(String key) {
        Entry entry = byKey.get(key);
        return entry == null ? position : entry.value().position();
    }

    @Override
    public SourcePosition position() {
        return position;
    }

    @Override
    public Object toPlain() {
        Map<String, Object> plain = new LinkedHashMap<>();
        for (Entry entry : entries) {
            plain.put(entry.key(), entry.value().toPlain());
        }
        return Collections.unmodifiableMap(plain);
    }

    @Override
    public String typeName() {
        return "object";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof YamlMap m && m.entries.equals(entries) && m.position.equals(position);
    }

    @Override
    public int hashCode() {
        return entries.hashCode() * 31 + position.hashCode();
    }

    @Override
    public String toString() {
        return "YamlMap" + byKey.keySet() + "@" + position;
    }
}
