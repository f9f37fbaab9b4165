package io.playbatch.database;

import java.nio.file.Path;

/**
 * A second process for {@link EmbeddedPostgresServerTest}: opens the data directory given as its argument,
 * prints {@code open <port>} and holds it until it is terminated (a SIGTERM closes it through the
 * shutdown hook, as a Ctrl-C on {@code serve} closes its Spring context; a SIGKILL closes nothing).
 */
public final class DataDirectoryUserProcess {

    private DataDirectoryUserProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrAttach(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("open " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
