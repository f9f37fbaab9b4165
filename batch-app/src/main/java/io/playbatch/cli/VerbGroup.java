package io.playbatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups verbs ({@code db}, {@code schedule}, {@code connections}): alone it
 * prints its usage and exits 2, and the database options written between it and its verb reach the
 * verb ({@link DatabaseOptions#springProperties()} reads its parent's).
 */
abstract class VerbGroup implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Accepted between the group and its verb, for the verb. */
    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }
}
