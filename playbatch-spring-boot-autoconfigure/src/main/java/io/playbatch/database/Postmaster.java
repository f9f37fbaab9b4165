package io.playbatch.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What PostgreSQL's own lock file {@code postmaster.pid} says: the postmaster's pid (line 1), port
 * (line 4) and state (line 8: {@code starting}, {@code ready}, {@code stopping}). The file outlives a
 * postmaster killed with {@code kill -9} and a reboot; {@link #alive()} tells a stale file from a live server.
 */
public record Postmaster(long pid, int port, String state) {

    /** The file's content; empty when there is none or it is half-written. */
    static Optional<Postmaster> read(DataDirectory directory) {
        try {
            List<String> lines = Files.readAllLines(directory.postmasterPid());
            if (lines.size() < 4 || lines.get(3).isBlank()) {
                return Optional.empty();
            }
            String state = lines.size() >= 8 ? lines.get(7).strip() : "";
            return Optional.of(new Postmaster(Long.parseLong(lines.get(0).strip()),
                    Integer.parseInt(lines.get(3).strip()), state));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the process still runs. A killed process whose parent has not reaped it yet is a zombie,
     * which {@link ProcessHandle#isAlive()} still reports as alive (and PostgreSQL's own check,
     * {@code kill(pid, 0)}, too); its state in {@code /proc} tells it apart.
     */
    public boolean alive() {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        // After a reboot the pid in a stale file may belong to any program; a command we can read must be postgres.
        Optional<String> command = process.get().info().command();
        if (command.isPresent() && !command.get().endsWith("postgres")) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
            return !state.equals("Z") && !state.equals("X");
        } catch (NoSuchFileException e) {
            return false; // reaped since
        } catch (IOException | RuntimeException e) {
            return true; // no /proc (not Linux): ProcessHandle's answer stands
        }
    }
}
