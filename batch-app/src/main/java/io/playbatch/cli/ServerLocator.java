package io.playbatch.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds the server a command should ask instead of opening the database: the one named by
 * {@code --server} / {@code PLAYBATCH_SERVER}, or else the {@code serve} that owns the embedded
 * database's data directory, trusted only when its {@link ServerFile} names a live process and its
 * health endpoint answers within a short timeout. An external database ({@code --db-url},
 * {@code PLAYBATCH_DB_URL}) has no data directory, so only a named server is used then.
 */
final class ServerLocator {

    static final Duration PROBE_TIMEOUT = Duration.ofMillis(800);

    Optional<URI> locate(ServerOptions server, DatabaseOptions database) {
        if (server.named()) {
            return Optional.of(server.url());
        }
        if (database.url != null || !blank(System.getenv("PLAYBATCH_DB_URL"))) {
            return Optional.empty();
        }
        return running(dataDirectory(database));
    }

    /** The server of this data directory, when its file names a live process that answers. */
    Optional<URI> running(Path dataDirectory) {
        return ServerFile.read(dataDirectory)
                .filter(file -> ProcessHandle.of(file.pid()).map(ProcessHandle::isAlive).orElse(false))
                .map(ServerFile::url)
                .filter(this::answers);
    }

    private boolean answers(URI url) {
        try {
            return new ServerRequest("GET", URI.create(url + "/actuator/health")).send(PROBE_TIMEOUT, PROBE_TIMEOUT)
                    .status() == 200;
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a server file that names no http URL.
            return false;
        }
    }

    /** The directory the embedded database would use (DatabaseProperties' default when none is given). */
    static Path dataDirectory(DatabaseOptions database) {
        return database.dataDir != null ? database.dataDir.toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".playbatch", "pgdata");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
