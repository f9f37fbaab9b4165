package io.playbatch.database;

import java.util.Collection;

/**
 * The executions this process manages, named in the message of an outage that ends the process
 * (they are left STARTED for recovery). Implemented by the manager heartbeat; the database
 * package only reads it.
 */
public interface ExecutionsInHand {

    Collection<Long> executionIds();
}
