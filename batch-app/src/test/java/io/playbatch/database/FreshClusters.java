package io.playbatch.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fresh PostgreSQL clusters for tests of the embedded server: {@code initdb} once per JVM (seconds on a
 * busy machine), then a copy of that cluster for each test.
 */
public final class FreshClusters {

    private FreshClusters() {
    }

    /** A new, never started cluster at {@code target} (which must not exist yet); returns {@code target}. */
    public static Path copyTo(Path target) {
        Path source = Template.CLUSTER;
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Files.copy(path, target.resolve(source.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Created on first use; removed when the JVM exits. */
    private static final class Template {
        static final Path CLUSTER = create();

        private static Path create() {
            try {
                Path root = Files.createTempDirectory("playbatch-cluster-template");
                Path cluster = root.resolve("pgdata");
                new PostgresControl(DataDirectory.of(cluster)).initIfNeeded();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
                return cluster;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot initdb a template cluster", e);
            }
        }

        private static void delete(Path root) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                // a temporary directory: the OS cleans it eventually
            }
        }
    }
}
