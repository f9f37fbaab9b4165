package io.playbatch;

import io.playbatch.cli.PlaybatchCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Playbatch: operators write YAML playbooks, the compiler turns each into a Spring Batch job, and
 * this application runs them on PostgreSQL with an event ledger and a work queue. {@code main} is
 * the command line ({@link PlaybatchCli}); each command that needs the database starts this
 * Spring application.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class PlaybatchApplication {

    public static void main(String[] args) {
        System.exit(PlaybatchCli.execute(args));
    }
}
