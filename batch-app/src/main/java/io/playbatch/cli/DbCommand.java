package io.playbatch.cli;

import io.playbatch.database.DatabaseProperties;
import io.playbatch.database.EmbeddedServerControl;
import io.playbatch.database.EmbeddedServerControl.Status;
import io.playbatch.database.EmbeddedServerControl.Stop;
import io.playbatch.database.EmbeddedServerControl.StopOutcome;
import io.playbatch.json.JsonCodec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.core.env.StandardEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code playbatch db status | start | stop}: the embedded PostgreSQL of a data directory, which
 * belongs to the directory rather than to one process (docs/database.md). No Spring context: these
 * verbs only look at the directory's files and run PostgreSQL's tools.
 */
@Command(name = "db", description = "Show, start or stop the embedded PostgreSQL of the data directory.",
        subcommands = {DbCommand.ShowStatus.class, DbCommand.StartKept.class, DbCommand.StopVerb.class})
class DbCommand extends VerbGroup {

    /**
     * The data directory of the options: a flag here or before, PLAYBATCH_DATA_DIR, or the default. An
     * external database (--db-url) has no embedded server to show, start or stop: refused, not ignored.
     */
    static EmbeddedServerControl control(DatabaseOptions database) {
        Map<String, Object> given = database.springProperties();
        if (given.containsKey("playbatch.db.url")) {
            throw new UsageException("--db-url names an external PostgreSQL, and the db verbs concern only the embedded"
                    + " one of a data directory; drop --db-url (and give --data-dir DIR to choose the directory)");
        }
        // The application's logging (WARN, stderr): stdout keeps the status, and --json stays parseable.
        CliLogging.toStderr(new StandardEnvironment());
        Object dataDirectory = given.get("playbatch.db.data-dir");
        Path dataDir = dataDirectory != null ? Path.of(dataDirectory.toString())
                : new DatabaseProperties(null, null, null, null, null, null).dataDir();
        return new EmbeddedServerControl(dataDir);
    }

    static String pids(List<Long> pids) {
        return pids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    static void print(PrintWriter out, Status status, boolean json) {
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("data_dir", status.directory().cluster().toString());
            document.put("run_dir", status.directory().runDirectory().toString());
            document.put("running", status.postmaster().isPresent());
            document.put("pid", status.postmaster().map(p -> p.pid()).orElse(null));
            document.put("port", status.postmaster().map(p -> p.port()).orElse(null));
            document.put("users", status.users());
            document.put("kept", status.kept());
            out.println(new JsonCodec().writePretty(document));
        } else {
            out.println("data directory  " + status.directory().cluster());
            out.println("run directory   " + status.directory().runDirectory());
            out.println("server          " + status.postmaster().map(p -> "running, pid " + p.pid() + ", port " + p.port()
                    + ", jdbc:postgresql://localhost:" + p.port() + "/postgres (user postgres)").orElse("not running"));
            out.println("users           " + (status.users().isEmpty() ? "none"
                    : status.users().size() + " alive, pid " + pids(status.users())));
            out.println("kept            " + (status.kept() ? "yes, until 'playbatch db stop'" : "no, stops with its last user"));
        }
        out.flush();
    }

    /** A verb that does something to the server and then prints its status. */
    abstract static class StatusVerb extends JsonVerb {

        abstract Status apply(EmbeddedServerControl control, PrintWriter out);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            print(out, apply(control(database), out), json);
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Show the embedded PostgreSQL of the data directory: pid, port, the"
            + " processes using it, whether 'db start' keeps it up.")
    static class ShowStatus extends StatusVerb {
        @Override
        Status apply(EmbeddedServerControl control, PrintWriter out) {
            return control.status();
        }
    }

    @Command(name = "start", description = "Start the embedded PostgreSQL (or adopt the one running) and keep it up"
            + " after this command and every other user exit, until 'playbatch db stop'.")
    static class StartKept extends StatusVerb {
        @Override
        Status apply(EmbeddedServerControl control, PrintWriter out) {
            Status status = control.startKept();
            if (!json) {
                out.println("The embedded PostgreSQL runs and stays up until 'playbatch db stop'.");
            }
            return status;
        }
    }

    @Command(name = "stop", description = "Stop the embedded PostgreSQL; refused while Playbatch processes use it"
            + " (exit 2), unless --force.")
    static class StopVerb implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--force", description = "Stop it even under live users: their database goes away and they"
                + " do not start it again (the next process that opens the directory does).")
        boolean force;
        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            EmbeddedServerControl control = control(database);
            Stop stop = control.stop(force);
            String where = control.directory().cluster().toString();
            if (stop.outcome() == StopOutcome.REFUSED) {
                throw new UsageException(stop.users().size() + " Playbatch process(es) use the embedded PostgreSQL of "
                        + where + " (pid " + pids(stop.users()) + "); stop them first, or stop it under them with"
                        + " 'playbatch db stop --force'");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (stop.outcome() == StopOutcome.NOT_RUNNING) {
                out.println("The embedded PostgreSQL of " + where + " is not running.");
            } else {
                out.println("Stopped the embedded PostgreSQL of " + where + " (pid " + stop.postmaster().orElseThrow().pid()
                        + ")" + (stop.users().isEmpty() ? "." : "; " + stop.users().size()
                                + " process(es) lost their database (pid " + pids(stop.users()) + ")."));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
