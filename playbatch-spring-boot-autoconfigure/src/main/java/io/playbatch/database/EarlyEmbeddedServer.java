package io.playbatch.database;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A start of the embedded PostgreSQL begun before the application context, so that the server's own
 * start (a separate process, about half a second) overlaps Spring's (configuration parsing and bean
 * creation, which need no database). The standalone command line begins one per command; when the
 * context is registered with it, {@link DatabaseConfiguration} takes the server instead of starting
 * one, and the context then closes it as usual. The caller closes this once the context is closed
 * or failed, which stops the server only when the context never took it.
 */
public final class EarlyEmbeddedServer implements AutoCloseable {

    private final Path dataDir;
    private final CompletableFuture<EmbeddedPostgresServer> start;
    private final AtomicBoolean handedOver = new AtomicBoolean();

    private EarlyEmbeddedServer(Path dataDir) {
        this.dataDir = dataDir;
        this.start = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                start.complete(EmbeddedPostgresServer.startOrAttach(dataDir));
            } catch (RuntimeException | Error e) {
                start.completeExceptionally(e);
            }
        }, "playbatch-embedded-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Begins starting (or attaching to) the server of {@code dataDir} on a thread of its own. */
    public static EarlyEmbeddedServer begin(Path dataDir) {
        return new EarlyEmbeddedServer(dataDir);
    }

    /**
     * The server, once started; from here on its owner closes it. A context configured for another data
     * directory than the one begun (which the caller should not let happen) gets a server of its own.
     */
    EmbeddedPostgresServer take(Path configuredDataDir) {
        if (!dataDir.toAbsolutePath().equals(configuredDataDir.toAbsolutePath()) || !handedOver.compareAndSet(false, true)) {
            return EmbeddedPostgresServer.startOrAttach(configuredDataDir);
        }
        try {
            return start.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** Waits for the start and closes the server, unless a context took it. */
    @Override
    public void close() {
        if (handedOver.compareAndSet(false, true)) {
            start.thenAccept(EmbeddedPostgresServer::close).exceptionally(failure -> null).join();
        }
    }
}
