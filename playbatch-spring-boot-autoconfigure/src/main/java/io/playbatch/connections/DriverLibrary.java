package io.playbatch.connections;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.springframework.core.env.Environment;

/**
 * JDBC drivers beyond the shipped PostgreSQL and DuckDB ones: the jar files of the lib directory
 * ({@value #PROPERTY}, {@code PLAYBATCH_LIB}, {@code --lib DIR}; default {@code ~/.playbatch/lib}
 * when it exists), loaded at start-up by one class loader and registered with
 * {@link DriverManager} (docs/connections.md#drivers). The jars run with Playbatch's rights: only
 * the operator may write to the directory. Registering the same jar twice registers it once.
 */
public final class DriverLibrary {

    /** Comma-separated directories of driver jars. */
    public static final String PROPERTY = "playbatch.lib";

    private final List<Path> directories;

    public DriverLibrary(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    /** The directories of {@value #PROPERTY}, or {@code ~/.playbatch/lib} if that exists. */
    public static DriverLibrary from(Environment environment) {
        String configured = environment.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            Path fallback = Path.of(System.getProperty("user.home"), ".playbatch", "lib");
            return new DriverLibrary(Files.isDirectory(fallback) ? List.of(fallback) : List.of());
        }
        List<Path> directories = new ArrayList<>();
        for (String directory : configured.split(",")) {
            if (!directory.isBlank()) {
                directories.add(Path.of(directory.trim()));
            }
        }
        return new DriverLibrary(directories);
    }

    /**
     * Loads the drivers of every jar in the directories and registers those not registered yet;
     * returns what each registered driver is ({@code class from jar}). A configured directory that
     * does not exist, or a jar that is not one, is an {@link InvalidConnectionSettingException}.
     */
    public List<String> register() {
        List<String> registered = new ArrayList<>();
        for (Path directory : directories) {
            List<Path> jars = jars(directory);
            if (jars.isEmpty()) {
                continue;
            }
            URLClassLoader loader = new URLClassLoader(urls(jars), DriverLibrary.class.getClassLoader());
            try {
                for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
                    if (driver.getClass().getClassLoader() != loader) {
                        continue; // a driver of the classpath, seen again through the parent
                    }
                    LibraryDriver wrapper = new LibraryDriver(driver, directory.toString());
                    if (registeredAlready(wrapper)) {
                        continue;
                    }
                    DriverManager.registerDriver(wrapper);
                    registered.add(wrapper.identity());
                }
            } catch (ServiceConfigurationError | SQLException e) {
                throw new InvalidConnectionSettingException("the JDBC drivers of " + directory + " (" + PROPERTY
                        + ", PLAYBATCH_LIB, --lib) cannot be loaded: " + e.getMessage()
                        + "; keep only driver jars and what they need there");
            }
        }
        return registered;
    }

    private static boolean registeredAlready(LibraryDriver candidate) {
        return DriverManager.drivers().anyMatch(d -> d instanceof LibraryDriver known
                && known.identity().equals(candidate.identity()));
    }

    private static List<Path> jars(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidConnectionSettingException("the lib directory " + directory + " (" + PROPERTY
                    + ", PLAYBATCH_LIB, --lib) does not exist: create it and put the JDBC driver jars in it, or"
                    + " unset the setting");
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the lib directory " + directory, e);
        }
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < jars.size(); i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("a file path is always a URL: " + jars.get(i), e);
            }
        }
        return urls;
    }
}
