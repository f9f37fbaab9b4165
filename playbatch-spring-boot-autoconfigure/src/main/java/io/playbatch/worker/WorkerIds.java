package io.playbatch.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Worker ids are {@code hostname:pid:instance}: unique across the machines and processes sharing
 * one database, and readable in {@code queue.lease_owner} and {@code event.worker_id}.
 */
public final class WorkerIds {

    private WorkerIds() {
    }

    public static String of(String instance) {
        return hostname() + ":" + ProcessHandle.current().pid() + ":" + instance;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null || fromEnvironment.isBlank() ? "localhost" : fromEnvironment;
        }
    }
}
