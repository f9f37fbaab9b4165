package io.playbatch.autoconfigure;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.runtime.PlaybookLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.batch.core.configuration.DuplicateJobException;
import org.springframework.batch.core.configuration.JobRegistry;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Compiles the playbooks under {@code playbatch.playbooks.locations} once the application's singletons
 * exist, and registers each as a {@link io.playbatch.runtime.PlaybookJob} with the application's
 * {@link JobRegistry}, named by its playbook path. A playbook with errors, or two with one path, stops the
 * application's start with every diagnostic: a job that cannot run is better found at start than at its
 * first launch.
 */
class PlaybookJobRegistrar implements SmartInitializingSingleton {

    private static final List<String> EXTENSIONS = List.of("yaml", "yml");

    private final PlaybooksProperties properties;
    private final ResourcePatternResolver resources;
    private final PlaybookCompiler compiler;
    private final PlaybookLauncher launcher;
    private final JobRegistry registry;

    PlaybookJobRegistrar(PlaybooksProperties properties, ResourcePatternResolver resources, PlaybookCompiler compiler,
            PlaybookLauncher launcher, JobRegistry registry) {
        this.properties = properties;
        this.resources = resources;
        this.compiler = compiler;
        this.launcher = launcher;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> errors = new ArrayList<>();
        for (String location : properties.locations()) {
            for (PlaybookSource source : sources(location)) {
                CompilationResult compiled = compiler.compile(source.name(), source.text());
                if (compiled.hasErrors() || compiled.graph().isEmpty()) {
                    errors.add(source.location() + ":\n" + compiled.diagnostics().stream().map(Diagnostic::format)
                            .collect(Collectors.joining("\n")));
                    continue;
                }
                try {
                    registry.register(launcher.job(compiled.graph().get()));
                } catch (DuplicateJobException e) {
                    errors.add(source.location() + ": a job named '" + compiled.graph().get().path()
                            + "' is registered already; give one of the playbooks another metadata.path");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("playbooks under playbatch.playbooks.locations cannot be registered as "
                    + "jobs; fix them or change the locations (docs/spring.md):\n" + String.join("\n", errors));
        }
    }

    /** The playbook files under one location, named by their path below it. */
    private List<PlaybookSource> sources(String location) {
        String directory = location.endsWith("/") ? location : location + "/";
        String searched = directory.startsWith("classpath:") ? "classpath*:" + directory.substring("classpath:".length())
                : directory;
        List<PlaybookSource> found = new ArrayList<>();
        try {
            for (String extension : EXTENSIONS) {
                for (Resource resource : resources.getResources(searched + "**/*." + extension)) {
                    found.add(new PlaybookSource(directory + relativeName(resource, directory), read(resource),
                            relativeName(resource, directory)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the playbooks under " + location
                    + " (playbatch.playbooks.locations): " + e.getMessage(), e);
        }
        return found;
    }

    /** The resource's path below the location's directory, which the compiler makes the playbook's path. */
    private static String relativeName(Resource resource, String directory) throws IOException {
        String url = resource.getURL().toString();
        String base = directory.substring(directory.indexOf(':') + 1).replaceFirst("^/*", "/");
        int at = url.lastIndexOf(base);
        return at >= 0 ? url.substring(at + base.length()) : resource.getFilename();
    }

    private static String read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private record PlaybookSource(String location, String text, String name) {
    }
}
