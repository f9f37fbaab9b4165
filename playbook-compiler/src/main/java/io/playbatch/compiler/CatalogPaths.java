package io.playbatch.compiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The catalog path of a playbook file that does not set {@code metadata.path}: its Spring Batch job
 * name and the key of its history. It depends on where the file is, never on how its path was
 * typed ({@code x.yaml}, {@code ./x.yaml}, an absolute path, a path through a symbolic link), so
 * one file keeps one history. The file's real path, without its extension, is taken relative to:
 * <ol>
 * <li>the first playbook root that holds it ({@code playbatch.playbooks.roots}, default
 * {@code job-configs});</li>
 * <li>else its nearest ancestor directory named {@code job-configs}, so a checkout's playbooks keep
 * their names from any working directory;</li>
 * <li>else the working directory, when the file is under it;</li>
 * <li>else its own directory: the name is the file name.</li>
 * </ol>
 */
public final class CatalogPaths {

    /** The root a playbook is named relative to when no other is configured. */
    public static final String DEFAULT_ROOT = "job-configs";

    private final List<Path> roots;

    public CatalogPaths(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    public static CatalogPaths defaults() {
        return new CatalogPaths(List.of(Path.of(DEFAULT_ROOT)));
    }

    public List<Path> roots() {
        return roots;
    }

    /** The catalog path of {@code file}, which exists (names of no file: {@code GraphBuilder.defaultPath}). */
    public String of(Path file) {
        Path real = real(file);
        Path base = roots.stream().map(CatalogPaths::real).filter(root -> !root.equals(real) && real.startsWith(root))
                .findFirst()
                .or(() -> ancestorNamed(real, DEFAULT_ROOT))
                .or(() -> Optional.of(real(Path.of(""))).filter(cwd -> real.startsWith(cwd) && !cwd.equals(real)))
                .orElse(real.getParent());
        String relative = base == null ? real.getFileName().toString() : base.relativize(real).toString();
        return withoutExtension(relative.replace(real.getFileSystem().getSeparator(), "/"));
    }

    private static Optional<Path> ancestorNamed(Path file, String name) {
        for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
            if (dir.getFileName() != null && dir.getFileName().toString().equals(name)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /**
     * Symbolic links resolved when the path exists, so a link and its target name one playbook;
     * {@code ..} is resolved after the links, as the file system does.
     */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath();
        if (Files.exists(absolute)) {
            try {
                return absolute.toRealPath();
            } catch (IOException e) {
                return absolute.normalize();
            }
        }
        return absolute.normalize();
    }

    private static String withoutExtension(String path) {
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') + 1 ? path.substring(0, dot) : path;
    }
}
