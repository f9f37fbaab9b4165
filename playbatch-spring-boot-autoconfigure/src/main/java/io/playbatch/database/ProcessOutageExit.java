package io.playbatch.database;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the JVM with {@link OutageExit#EXIT_CODE} after logging why. {@code System.exit} runs the
 * shutdown hooks (the application context closes, the workers stop), and those may wait for the
 * very thread that gave up, so the exit runs on a thread of its own and the caller carries on
 * failing its operation. Only the first call exits.
 */
public final class ProcessOutageExit implements OutageExit {

    private static final Logger log = LoggerFactory.getLogger(ProcessOutageExit.class);

    private final AtomicBoolean exiting = new AtomicBoolean();

    @Override
    public void exit(String message) {
        if (!exiting.compareAndSet(false, true)) {
            return;
        }
        log.error(message);
        System.err.println("error: " + message);
        Thread exit = new Thread(() -> System.exit(EXIT_CODE), "playbatch-outage-exit");
        exit.setDaemon(false);
        exit.start();
    }
}
