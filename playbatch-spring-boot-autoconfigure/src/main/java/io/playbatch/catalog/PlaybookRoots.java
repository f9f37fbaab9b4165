package io.playbatch.catalog;

import io.playbatch.compiler.CatalogPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The directories whose playbook files the server may compile and start for a remote caller (REST,
 * MCP, console): {@code playbatch.playbooks.roots}, {@code job-configs} under the working directory
 * by default. A requested path is resolved to its real path (symbolic links and {@code ..} followed)
 * before it is compared, so a link inside a root that points outside it is outside. Registered
 * playbooks are started by catalog path from their stored source and need no root. The CLI is the
 * operator's own shell and does not consult this. Thread-safe and immutable.
 */
@Component
public class PlaybookRoots {

    /** The property listing the roots, comma-separated. */
    public static final String PROPERTY = "playbatch.playbooks.roots";

    private final List<String> configured;
    private final List<Path> roots;

    public PlaybookRoots(@Value("${" + PROPERTY + ":" + CatalogPaths.DEFAULT_ROOT + "}") List<String> roots) {
        this.configured = roots.stream().map(String::trim).filter(root -> !root.isEmpty()).toList();
        this.roots = configured.stream().map(root -> Path.of(root).toAbsolutePath().normalize()).toList();
    }

    /** The configured roots as absolute paths, in the order given. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * The real path of the playbook file {@code requested} (relative to the working directory, like
     * the CLI's), when it is an existing {@code .yaml} or {@code .yml} file inside a root.
     *
     * @throws OutsidePlaybookRootsException otherwise; its message says nothing of the file, not
     *         even whether it exists, so a caller cannot probe the server's file system
     */
    public Path resolve(String requested) {
        return realPlaybookFile(requested).filter(this::inside)
                .orElseThrow(() -> new OutsidePlaybookRootsException(configured));
    }

    /** Whether {@code file} (an existing file) lies inside one of the roots once links are followed. */
    public boolean contains(Path file) {
        try {
            return Files.isRegularFile(file) && inside(file.toRealPath());
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static Optional<Path> realPlaybookFile(String requested) {
        if (requested == null || requested.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(requested).toRealPath();
            String name = file.getFileName() == null ? "" : file.getFileName().toString();
            boolean playbook = name.endsWith(".yaml") || name.endsWith(".yml");
            return playbook && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        } catch (IOException | InvalidPathException | SecurityException e) {
            return Optional.empty();
        }
    }

    private boolean inside(Path realFile) {
        return roots.stream().map(PlaybookRoots::real).flatMap(Optional::stream).anyMatch(realFile::startsWith);
    }

    /** A root's real path now: a root created or relinked after start-up counts as it is at the time of the request. */
    private static Optional<Path> real(Path root) {
        try {
            return Optional.of(root.toRealPath());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
