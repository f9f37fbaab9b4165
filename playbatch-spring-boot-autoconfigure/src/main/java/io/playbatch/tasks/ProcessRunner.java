package io.playbatch.tasks;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one child process for the {@code command} and {@code python} tasks: optional bytes on its
 * stdin, stdout and stderr each captured up to {@link #CAPTURE_BYTES} (the rest is drained and
 * counted so the child never blocks on a full pipe). Whatever way {@link #run} leaves (normal exit
 * aside), including the worker's timeout interrupt, it kills the child and all of its descendants
 * first, so a timed-out step leaves no process behind. Stateless; each call uses its own threads.
 */
final class ProcessRunner {

    /** Bound of each captured stream; a chatty child must not fill the worker's heap or the queue row. */
    static final int CAPTURE_BYTES = 64 * 1024;

    /**
     * How long to wait for the output pipes after the child exited: a background grandchild may
     * still hold them open, and the task must not wait for it.
     */
    private static final long PIPE_DRAIN_MS = 2_000;

    /** What to start. {@code cwd} and {@code stdin} may be null. */
    record Spec(List<String> argv, Map<String, String> env, File cwd, byte[] stdin) {
    }

    /** How it ended: the exit code and both captured streams. */
    record Outcome(int exitCode, Captured stdout, Captured stderr) {
    }

    /** A captured stream: the first {@link #CAPTURE_BYTES} as UTF-8 text, and the total size seen. */
    record Captured(String text, long totalBytes) {

        boolean truncated() {
            return totalBytes > CAPTURE_BYTES;
        }

        /** The text, followed by a note saying how much was cut when the stream overflowed the bound. */
        String annotated() {
            return truncated() ? text + "\n[truncated: " + totalBytes + " bytes, first " + CAPTURE_BYTES + " kept]"
                    : text;
        }
    }

    /**
     * Starts the child and waits for it. Throws {@link IOException} when it cannot start (the
     * caller turns that into its own {@code *_not_found} error) and {@link InterruptedException}
     * when the worker interrupted it, after killing the process tree.
     */
    Outcome run(Spec spec) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(spec.argv());
        builder.environment().putAll(spec.env());
        if (spec.cwd() != null) {
            builder.directory(spec.cwd());
        }
        if (spec.stdin() == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = builder.start();
        try {
            Reader stdout = new Reader(process.getInputStream(), "stdout");
            Reader stderr = new Reader(process.getErrorStream(), "stderr");
            if (spec.stdin() != null) {
                // On its own thread: a child that never reads its stdin must not block the task past its timeout.
                daemon(() -> feed(process.getOutputStream(), spec.stdin()), "playbatch-process-stdin").start();
            }
            int exitCode = process.waitFor();
            return new Outcome(exitCode, stdout.await(), stderr.await());
        } finally {
            if (process.isAlive()) {
                killTree(process);
            }
        }
    }

    /**
     * Kills the child and everything it started. The descendants are listed before the child
     * dies: once it is gone they are re-parented and can no longer be found from it.
     */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        // Anything forked while we were killing: one more pass.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static void feed(OutputStream stdin, byte[] bytes) {
        try (stdin) {
            stdin.write(bytes);
        } catch (IOException e) {
            // The child closed its stdin or exited early; its exit code and stderr tell why.
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Drains one stream on its own thread, keeping the first bytes. */
    private static final class Reader {

        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final InputStream in;
        private final Thread thread;
        private long total;

        Reader(InputStream in, String name) {
            this.in = in;
            this.thread = daemon(this::drain, "playbatch-process-" + name);
            thread.start();
        }

        private void drain() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (this) {
                        int room = (int) Math.max(0, Math.min(n, CAPTURE_BYTES - total));
                        kept.write(buffer, 0, room);
                        total += n;
                    }
                }
            } catch (IOException e) {
                // The stream was closed under us (the child was killed): keep what was read.
            }
        }

        Captured await() throws InterruptedException {
            thread.join(PIPE_DRAIN_MS);
            synchronized (this) {
                return new Captured(kept.toString(StandardCharsets.UTF_8), total);
            }
        }
    }
}
