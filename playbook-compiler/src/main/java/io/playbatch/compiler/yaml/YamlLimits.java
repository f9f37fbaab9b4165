package io.playbatch.compiler.yaml;

/**
 * How much YAML the compiler agrees to read from one file, so that a hostile or broken file costs
 * a diagnostic instead of the process's memory or stack: {@code maxBytes} of UTF-8 text (PB054),
 * {@code maxDepth} levels of nested mappings and lists, aliases expanded (PB056), and
 * {@code maxAliases} aliases ({@code *name}) that together repeat at most
 * {@value #NODES_PER_ALIAS} times as many nodes (PB055). Operators set them with
 * {@code playbatch.limits.yaml-bytes}, {@code yaml-depth} and {@code yaml-aliases}
 * (docs/security.md). Immutable.
 */
public record YamlLimits(int maxBytes, int maxDepth, int maxAliases) {

    /** The nodes one alias may repeat on average; a "billion laughs" file needs millions per alias. */
    public static final int NODES_PER_ALIAS = 100;

    private static final YamlLimits DEFAULTS = new YamlLimits(1024 * 1024, 64, 100);

    /** The largest {@code maxBytes}: a playbook is read whole into memory, twice (bytes and text). */
    public static final int MAX_BYTES_CEILING = 1 << 30;

    public YamlLimits {
        if (maxBytes < 1 || maxBytes > MAX_BYTES_CEILING || maxDepth < 1 || maxAliases < 0) {
            throw new IllegalArgumentException("playbatch.limits: yaml-bytes must be from 1 to 1GB, yaml-depth at"
                    + " least 1 and yaml-aliases at least 0, not " + maxBytes + ", " + maxDepth + " and " + maxAliases);
        }
    }

    /** 1 MiB, 64 levels, 100 aliases: ten times what the largest shipped example needs. */
    public static YamlLimits defaults() {
        return DEFAULTS;
    }

    /** The most nodes all aliases of a file may repeat together. */
    public long maxAliasedNodes() {
        return (long) maxAliases * NODES_PER_ALIAS;
    }
}
