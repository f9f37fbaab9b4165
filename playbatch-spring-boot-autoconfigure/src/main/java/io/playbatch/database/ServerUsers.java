package io.playbatch.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The processes using the embedded server of a {@link DataDirectory}: one file each in {@code users/},
 * named {@code <pid>-<jvm start millis>-<token>} and held with an OS file lock for the life of the
 * process. The OS releases a dead process's lock, so a user is alive exactly when its file's lock cannot
 * be taken, whatever killed it.
 * <p>
 * A JVM never probes its own files: a POSIX lock is the process's, and closing any channel on the file
 * (as a probe does) would release it. Files of this JVM (same pid, same start time) count as alive.
 * Registering and pruning happen under {@link ServerLock}, so a file is never pruned between its
 * creation and its lock.
 */
final class ServerUsers {

    private final DataDirectory directory;
    private final long ownPid = ProcessHandle.current().pid();
    private final long ownStart = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);

    ServerUsers(DataDirectory directory) {
        this.directory = directory;
    }

    /** This process's use of the server, until {@link Registration#close()} or its death. */
    Registration register() {
        Path file = directory.usersDirectory().resolve(ownPid + "-" + ownStart + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        try {
            directory.createRunDirectory();
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new Registration(file, channel, channel.lock());
        } catch (IOException e) {
            throw new DatabaseUnavailableException("Cannot register this process in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pids of the live users, one per registration (a pid twice when one JVM opened the directory
     * twice). With {@code prune}, the files of dead users are removed; only under {@link ServerLock}.
     */
    List<Long> alive(boolean prune) {
        List<Long> alive = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory.usersDirectory())) {
            for (Path file : files.sorted().toList()) {
                String[] parts = file.getFileName().toString().split("-");
                if (parts.length != 3 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+")) {
                    continue; // not a registration
                }
                long pid = Long.parseLong(parts[0]);
                boolean thisJvm = pid == ownPid && Long.parseLong(parts[1]) == ownStart;
                if (thisJvm || held(file, prune)) {
                    alive.add(pid);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory.usersDirectory() + ": " + e.getMessage(), e);
        }
        return alive;
    }

    private static boolean held(Path file, boolean prune) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            if (prune) {
                Files.deleteIfExists(file);
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held in this JVM after all
        } catch (NoSuchFileException e) {
            return false; // its user just left
        }
    }

    /** One process's registration; closing it (or the process dying) ends it. */
    static final class Registration implements AutoCloseable {

        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;

        private Registration(Path file, FileChannel channel, FileLock lock) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
                lock.release();
                channel.close();
            } catch (IOException e) {
                // The lock goes with the channel or the process; a leftover file is pruned as dead.
            }
        }
    }
}
