package io.playbatch.compiler.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep the YAML's key order (Map.copyOf would not), and accept null values. */
final class IrValues {

    private IrValues() {
    }

    static <K, V> Map<K, V> copyOrdered(Map<K, V> map) {
        return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
