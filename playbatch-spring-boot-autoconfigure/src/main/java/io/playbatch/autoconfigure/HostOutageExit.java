package io.playbatch.autoconfigure;

import io.playbatch.database.OutageExit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host application's answer to a database outage longer than {@code playbatch.db.outage-tolerance}:
 * Playbatch logs it and the operation fails, but the process is the host's, so it is not ended (the
 * standalone application exits with code 3 instead).
 */
final class HostOutageExit implements OutageExit {

    private static final Logger log = LoggerFactory.getLogger(HostOutageExit.class);

    @Override
    public void exit(String message) {
        log.error("{}; Playbatch's operations fail until the database answers again", message);
    }
}
