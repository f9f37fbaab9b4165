package io.playbatch.compiler.convert;

/** A file the converter cannot read: not YAML, or not one mapping. The message says where and why. */
public final class ConversionException extends RuntimeException {

    public ConversionException(String message) {
        super(message);
    }
}
