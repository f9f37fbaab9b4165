package io.playbatch.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * {@code server.lock} of a {@link DataDirectory}, held while one process starts, adopts, restarts or
 * stops the embedded server, so that two processes never start two postmasters on one cluster nor
 * stop it under a process that is registering. An OS file lock: the OS releases it when its holder dies.
 * <p>
 * File locks belong to the whole JVM, so a second holder in the same JVM (tests open two servers on one
 * directory) sees {@link OverlappingFileLockException} rather than blocking; both cases are waited out
 * the same way, by polling until the deadline.
 */
final class ServerLock implements AutoCloseable {

    private static final long POLL_MILLIS = 20;

    private final FileChannel channel;
    private final FileLock lock;

    private ServerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits at most {@code within} for the lock; a {@link DatabaseUnavailableException} after that. */
    static ServerLock acquire(DataDirectory directory, Duration within) {
        Path file = directory.serverLock();
        long deadline = System.nanoTime() + within.toNanos();
        try {
            directory.createRunDirectory();
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                while (true) {
                    FileLock lock = tryLock(channel);
                    if (lock != null) {
                        return new ServerLock(channel, lock);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new DatabaseUnavailableException("Another process has held " + file + " for more than "
                                + within.toSeconds() + " s while starting or stopping the embedded PostgreSQL;"
                                + " see 'playbatch db status'.");
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (RuntimeException | InterruptedException e) {
                channel.close();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    throw new DatabaseUnavailableException("Interrupted waiting for " + file, e);
                }
                throw (RuntimeException) e;
            }
        } catch (IOException e) {
            throw new DatabaseUnavailableException("Cannot lock " + file + ": " + e.getMessage()
                    + ". Check that the directory next to the data directory is writable.", e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another holder in this JVM
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock in any case; nothing is left to undo.
        }
    }
}
