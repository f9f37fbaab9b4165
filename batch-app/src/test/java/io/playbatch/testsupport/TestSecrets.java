package io.playbatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A secrets file for a test's application context (docs/secrets.md), deleted when the JVM exits. */
public final class TestSecrets {

    private TestSecrets() {
    }

    /** Writes {@code NAME=VALUE} lines to a new file and sets {@code playbatch.secrets.file} to it. */
    public static void register(DynamicPropertyRegistry registry, String properties) {
        try {
            Path file = Files.createTempFile("playbatch-secrets", ".properties");
            file.toFile().deleteOnExit();
            Files.writeString(file, properties);
            registry.add("playbatch.secrets.file", file::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
