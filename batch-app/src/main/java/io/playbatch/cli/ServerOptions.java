package io.playbatch.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Which running server answers the read commands and operator verbs. Without {@code --server} (or
 * {@code PLAYBATCH_SERVER}), the server that owns the embedded database's data directory, if it runs
 * ({@link ServerLocator}); otherwise the command works on the database itself.
 */
public class ServerOptions {

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:PLAYBATCH_SERVER}",
            description = "Ask the server at URL (e.g. http://127.0.0.1:8080) through its REST API instead of opening"
                    + " the database (or PLAYBATCH_SERVER). Default: the serve running on the data directory, if any.")
    String server;

    /** Never the database: the command goes to this URL or fails. */
    boolean named() {
        return server != null && !server.isBlank();
    }

    URI url() {
        try {
            URI url = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server " + server + " is not a server URL (" + e.getMessage()
                    + "); write for example --server http://127.0.0.1:8080");
        }
    }
}
