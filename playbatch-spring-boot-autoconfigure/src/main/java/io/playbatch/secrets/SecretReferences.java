package io.playbatch.secrets;

import java.util.AbstractMap;
import java.util.Set;

/**
 * The {@code secrets} variable of the render context: every well-formed name maps to its
 * {@link SecretReference}, never to a value, so templates can name any secret and rendering needs
 * no secret store. It lists no entries (a template that prints {@code $secrets} shows {@code {}}).
 * Immutable and thread-safe.
 */
public final class SecretReferences extends AbstractMap<String, Object> {

    @Override
    public Object get(Object key) {
        return containsKey(key) ? new SecretReference((String) key) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && SecretReference.NAME.matcher(name).matches();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return Set.of();
    }
}
