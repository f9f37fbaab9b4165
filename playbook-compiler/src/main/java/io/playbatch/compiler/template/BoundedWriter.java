package io.playbatch.compiler.template;

import java.io.Writer;

/**
 * Collects a rendered string and refuses, with a {@link TemplateRefusedException}, to grow past a
 * number of UTF-8 bytes, so that no template fills the heap however it loops. Not thread-safe: one
 * per rendering.
 */
final class BoundedWriter extends Writer {

    private final StringBuilder text = new StringBuilder();
    private final long limit;
    private long bytes;

    BoundedWriter(long limit) {
        this.limit = limit;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = chars[i];
            // A surrogate is half of a 4-byte character: 2 bytes each.
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        if (bytes > limit) {
            throw new TemplateRefusedException("the rendered text would exceed " + limit + " bytes; render less"
                    + " (a loop step or a chunk step for many items), or raise playbatch.limits.rendered-bytes");
        }
        text.append(chars, offset, length);
    }

    @Override
    public void flush() {
        // Nothing is buffered outside the builder.
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
