package io.playbatch.database;

/**
 * What the process does when PostgreSQL stayed unreachable longer than
 * {@code playbatch.db.outage-tolerance}: the process implementation ({@link ProcessOutageExit})
 * ends it with exit code 3; tests record the call instead. Called at most once per outage, from
 * whichever thread gave up first; must not block that thread.
 */
public interface OutageExit {

    /** Exit status of a process that gave up on an unreachable database (docs/cli.md). */
    int EXIT_CODE = 3;

    /** Ends the process (or records that it would), {@code message} saying what happened. */
    void exit(String message);
}
