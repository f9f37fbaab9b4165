package io.playbatch.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * The training run of the {@code ./playbatch} launcher's class data sharing archive (docs/cli.md "How
 * fast commands answer"). A dynamic archive records the classes of one JVM, so this one JVM goes through
 * what the short commands need: a run of a playbook on a throw-away data directory (Spring, the embedded
 * database, a job), {@code validate}, the help, and a command through a server. No server runs during
 * training, so the last one asks a port nothing listens on: it still loads the HTTP client and the remote
 * path, which a run never touches. Output is discarded; only the loaded classes matter.
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    /** Arguments: a playbook file, then a data directory that does not exist yet. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ClassDataTraining PLAYBOOK_FILE NEW_DATA_DIRECTORY");
            System.exit(ExitCodes.USAGE);
        }
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        int run = PlaybatchCli.execute(discard, discard, "run", args[0], "--data-dir", args[1]);
        PlaybatchCli.execute(discard, discard, "validate", args[0]);
        PlaybatchCli.execute(discard, discard, "--help");
        PlaybatchCli.execute(discard, discard, "list", "--server", "http://127.0.0.1:9");
        // Exit explicitly: the archive is written at exit, and the run's pools may keep threads alive.
        System.exit(run);
    }
}
