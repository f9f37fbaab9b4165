package io.playbatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A verb of a {@link VerbGroup} that answers in text or, with {@code --json}, as JSON, and takes the
 * database options.
 */
abstract class JsonVerb implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the answer as JSON.")
    boolean json;

    @Mixin
    DatabaseOptions database;
}
