package io.playbatch.cli;

import io.playbatch.json.JsonCodec;
import io.playbatch.json.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code server.json} in the embedded database's data directory: where the {@code serve} process that
 * owns that database listens. Written once it listens, removed when it stops; a file left by a killed
 * server names a dead pid, which {@link ServerLocator} checks before trusting it.
 */
record ServerFile(URI url, long pid, Instant started) {

    static final String NAME = "server.json";

    static Path in(Path dataDirectory) {
        return dataDirectory.resolve(NAME);
    }

    /** The file's content; empty when there is none or it cannot be read as one (then the CLI works locally). */
    static Optional<ServerFile> read(Path dataDirectory) {
        try {
            Map<String, Object> json = JsonValues.readMap(Files.readString(in(dataDirectory)));
            return Optional.of(new ServerFile(URI.create((String) json.get("url")),
                    ((Number) json.get("pid")).longValue(), Instant.parse((String) json.get("started"))));
        } catch (IOException | RuntimeException e) {
            // Missing, half-written by hand or from another version: not a server to trust.
            return Optional.empty();
        }
    }

    /** Writes through a temporary file, so that a CLI never reads half a file. */
    void write(Path dataDirectory) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url.toString());
        json.put("pid", pid);
        json.put("started", started.toString());
        try {
            Files.createDirectories(dataDirectory);
            Path temporary = Files.createTempFile(dataDirectory, NAME, ".tmp");
            Files.writeString(temporary, new JsonCodec().writePretty(json));
            Files.move(temporary, in(dataDirectory), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + in(dataDirectory) + ": " + e.getMessage(), e);
        }
    }

    /** Removes the file if it is still this process's (a newer server may have replaced it). */
    static void removeIfOwnedBy(Path dataDirectory, long pid) {
        if (read(dataDirectory).filter(file -> file.pid() == pid).isPresent()) {
            try {
                Files.deleteIfExists(in(dataDirectory));
            } catch (IOException e) {
                // A leftover file names a dead pid, which every CLI ignores; nothing to do on the way out.
            }
        }
    }
}
