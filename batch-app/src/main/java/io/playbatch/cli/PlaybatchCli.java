package io.playbatch.cli;

import io.playbatch.catalog.InvalidSettingException;
import io.playbatch.connections.InvalidConnectionSettingException;
import io.playbatch.compiler.validate.Suggestions;
import io.playbatch.database.DatabaseOutage;
import io.playbatch.database.DatabaseUnavailableException;
import io.playbatch.database.SchemaMigrator;
import io.playbatch.ids.InvalidIdException;
import io.playbatch.operate.NoSuchPlaybookException;
import io.playbatch.operate.NotRestartableException;
import io.playbatch.operate.PlaybookInvalidException;
import io.playbatch.operate.WorkloadRejectedException;
import io.playbatch.report.NoSuchExecutionException;
import io.playbatch.schedule.NoSuchScheduleException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code playbatch} command line. Every failure ends with one line that says what went wrong
 * and how to fix it, and an exit code from {@link ExitCodes}; stack traces only with {@code --verbose}.
 */
// scope INHERIT gives every subcommand (and theirs) the standard -h/--help and -V/--version.
@Command(name = "playbatch", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "Playbatch 0.1.0",
        description = "Playbook-driven batch orchestrator on Spring Batch.")
public final class PlaybatchCli {

    /** The subcommands, in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(HelpCommand.class, RunCommand.class,
            RestartCommand.class, ReplayCommand.class, StopCommand.class, RecoverCommand.class, AbandonCommand.class,
            ValidateCommand.class, CompileCommand.class, ConvertCommand.class, ListCommand.class, VerifyCommand.class,
            ShowCommand.class, EventsCommand.class, ServeCommand.class, RegisterCommand.class, PlaybooksCommand.class,
            ScheduleCommand.class, MigrateCommand.class, DbCommand.class, ConnectionsCommand.class);

    /** The root's options that take a value, so that the subcommand's name is found after them. */
    private static final Set<String> VALUED_OPTIONS = Set.of("--data-dir", "--db-url", "--db-user", "--db-password",
            "--lib");

    /** Global: given before the subcommand, they apply to it ({@link DatabaseOptions#springProperties()}). */
    @Mixin
    DatabaseOptions database;

    private PlaybatchCli() {
    }

    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Every command and subcommand, as picocli sees them. */
    static CommandLine commandTree() {
        CommandLine root = new CommandLine(new PlaybatchCli());
        SUBCOMMANDS.forEach(subcommand -> root.addSubcommand(new CommandLine(subcommand)));
        return root;
    }

    /**
     * The tree {@code args} need: the root with only the subcommand they name, or every subcommand when
     * they name none that exists or ask for help about the commands. Picocli reads every option of every
     * command it is given by reflection, and a short command would spend a good part of its life on the
     * seventeen it does not run.
     */
    static CommandLine commandTreeFor(String... args) {
        Optional<Class<?>> named = subcommandName(args).flatMap(name -> SUBCOMMANDS.stream()
                .filter(type -> type != HelpCommand.class && name.equals(type.getAnnotation(Command.class).name()))
                .findFirst());
        if (named.isEmpty()) {
            return commandTree();
        }
        CommandLine root = new CommandLine(new PlaybatchCli());
        root.addSubcommand(new CommandLine(named.get()));
        return root;
    }

    /** The first argument that is neither a root option nor its value; empty after a help or version flag. */
    private static Optional<String> subcommandName(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (VALUED_OPTIONS.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return Optional.of(arg);
            } else if (Set.of("-h", "--help", "-V", "--version").contains(arg)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Runs a command with the given output streams (tests capture them). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandTreeFor(args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
            if (verbose) {
                e.printStackTrace(cmd.getErr());
            }
            Failure failure = classify(e);
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + failure.message());
            cmd.getErr().flush();
            return failure.exitCode();
        });
        commandLine.setParameterExceptionHandler((e, a) -> {
            CommandLine failed = e.getCommandLine();
            String command = failed.getCommandSpec().qualifiedName();
            failed.getErr().println(command + ": " + e.getMessage() + suggestion(e) + " (see '" + command
                    + " --help')");
            return ExitCodes.USAGE;
        });
        if (args.length == 0) {
            commandLine.usage(commandLine.getOut());
            return ExitCodes.USAGE;
        }
        return commandLine.execute(args);
    }

    /** A did-you-mean for a mistyped command or option, as one clause (picocli's own list is often empty). */
    private static String suggestion(CommandLine.ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return "";
        }
        String wrong = unmatched.getUnmatched().get(0);
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        List<String> candidates = wrong.startsWith("-")
                ? spec.options().stream().flatMap(o -> Arrays.stream(o.names())).toList()
                : List.copyOf(spec.subcommands().keySet());
        return Suggestions.closest(wrong.replaceFirst("=.*", ""), candidates)
                .map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    private record Failure(int exitCode, String message) {
    }

    /** Finds the meaningful cause inside Spring's wrapping exceptions. */
    private static Failure classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UsageException || t instanceof InvalidIdException || t instanceof NoSuchExecutionException
                    || t instanceof NotRestartableException || t instanceof NoSuchPlaybookException
                    || t instanceof WorkloadRejectedException || t instanceof NoSuchScheduleException
                    || t instanceof InvalidSettingException || t instanceof InvalidConnectionSettingException) {
                return new Failure(ExitCodes.USAGE, t.getMessage());
            }
            if (t instanceof PlaybookInvalidException invalid) {
                StringBuilder message = new StringBuilder(invalid.getMessage());
                invalid.diagnostics().forEach(d -> message.append(System.lineSeparator()).append(d.format()));
                return new Failure(ExitCodes.USAGE, message.toString());
            }
            if (t instanceof DatabaseUnavailableException || t instanceof SchemaMigrator.SchemaMigrationException
                    || t instanceof RemoteServerException) {
                return new Failure(ExitCodes.ENVIRONMENT, t.getMessage());
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (DatabaseOutage.isTransient(e)) {
            // Past playbatch.db.outage-tolerance (docs/database.md#outages): an environment problem, not a bug.
            return new Failure(ExitCodes.ENVIRONMENT, "PostgreSQL unreachable (" + root + ")");
        }
        return new Failure(ExitCodes.INTERNAL, "unexpected error: " + root
                + " (run again with --verbose for the stack trace, and report it)");
    }
}
