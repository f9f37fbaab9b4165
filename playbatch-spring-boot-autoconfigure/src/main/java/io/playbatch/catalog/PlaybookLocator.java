package io.playbatch.catalog;

import io.playbatch.compiler.ir.PlaybookGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Finds the file of a playbook by its catalog path ({@code examples/child_report}), for
 * sub-playbook steps. Until playbooks are registered in a catalog, the path is resolved under a
 * root directory: {@code playbatch.catalog.root} when set, otherwise the root the parent playbook
 * itself came from (the parent's file path minus its catalog path, e.g. {@code job-configs/}).
 */
@Component
public class PlaybookLocator {

    private final Optional<Path> configuredRoot;

    public PlaybookLocator(@Value("${playbatch.catalog.root:}") String root) {
        this.configuredRoot = root.isBlank() ? Optional.empty() : Optional.of(Path.of(root));
    }

    /** The candidate files for {@code catalogPath} in the order they are tried. */
    public List<Path> candidates(PlaybookGraph parent, String catalogPath) {
        Path root = configuredRoot.orElseGet(() -> rootOf(parent));
        if (catalogPath.indexOf('\0') >= 0) {
            return List.of();
        }
        return List.of(root.resolve(catalogPath + ".yaml"), root.resolve(catalogPath + ".yml"));
    }

    /**
     * The first candidate that exists inside the root once links and {@code ..} are followed: the
     * catalog path may come from a rendered template, so from a workload, and must not reach a file
     * elsewhere on the server ({@code ../../tmp/x}).
     */
    public Optional<Path> locate(PlaybookGraph parent, String catalogPath) {
        Path root = configuredRoot.orElseGet(() -> rootOf(parent));
        return candidates(parent, catalogPath).stream().filter(Files::isRegularFile)
                .filter(candidate -> inside(candidate, root)).findFirst();
    }

    private static boolean inside(Path candidate, Path root) {
        try {
            return candidate.toRealPath().startsWith(root.toRealPath());
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static Path rootOf(PlaybookGraph parent) {
        Path file = Path.of(parent.sourceFile()).toAbsolutePath().normalize();
        String withoutExtension = file.toString().replaceFirst("\\.ya?ml$", "");
        String suffix = "/" + parent.path();
        if (withoutExtension.endsWith(suffix)) {
            return Path.of(withoutExtension.substring(0, withoutExtension.length() - suffix.length()));
        }
        return file.getParent();
    }
}
