package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.PlaybatchApplication;
import io.playbatch.testsupport.ChildJvm;
import io.playbatch.testsupport.Deadline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** What a newcomer tries first: --help everywhere, a typo, and the documented environment. */
class CliHelpTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** Every command path of the tree, e.g. [serve], [schedule, list]. */
    static Stream<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        collect(PlaybatchCli.commandTree(), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> prefix, List<List<String>> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().aliases().length > 0 && !name.equals(sub.getCommandName())) {
                return;
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            paths.add(path);
            collect(sub, path, paths);
        });
    }

    @ParameterizedTest
    @MethodSource("commandPaths")
    void everyCommandAnswersHelp(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");

        assertThat(run(args.toArray(String[]::new))).as(String.join(" ", args) + ": " + err).isZero();
        assertThat(out.toString()).contains("Usage: playbatch " + String.join(" ", path));
    }

    @Test
    void theTreeHasTheDocumentedCommands() {
        assertThat(commandPaths().map(p -> String.join(" ", p)))
                .contains("run", "serve", "list", "validate", "schedule list", "schedule pause", "db status", "db start",
                        "db stop", "help");
    }

    @Test
    void helpCommandShowsACommandsUsage() {
        assertThat(run("help", "serve")).isZero();
        assertThat(out.toString()).contains("Usage: playbatch serve").contains("--port");
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        assertThat(run("lsit")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("lsit").contains("did you mean 'list'")
                .contains("see 'playbatch --help'").doesNotContain("playbatch playbatch");
    }

    @Test
    void aMistypedOptionGetsASuggestion() {
        assertThat(run("list", "--limt", "3")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("did you mean '--limit'").contains("see 'playbatch list --help'");
    }

    @Test
    void aSubcommandsUsageErrorNamesTheWholeCommand() {
        assertThat(run("schedule", "pause")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("playbatch schedule pause: ")
                .contains("see 'playbatch schedule pause --help'");
    }

    @Test
    void aLimitSetOutOfRangeIsAUsageErrorNamingTheProperty() {
        System.setProperty("playbatch.limits.template-depth", "500");
        try {
            assertThat(run("validate", "../job-configs/examples/hello.yaml")).isEqualTo(ExitCodes.USAGE);
        } finally {
            System.clearProperty("playbatch.limits.template-depth");
        }
        assertThat(err.toString()).startsWith("playbatch validate: playbatch.limits.template-depth is 500")
                .doesNotContain("unexpected error").doesNotContain("Exception");
    }

    @Test
    void playbatchDataDirChoosesTheEmbeddedDatabasesDirectory(@TempDir Path dir) throws Exception {
        Path dataDir = dir.resolve("pgdata");
        List<String> command = ChildJvm.command("384m", PlaybatchApplication.class);
        command.addAll(List.of("list", "--json"));
        ProcessBuilder child = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        child.environment().put("PLAYBATCH_DATA_DIR", dataDir.toString());
        Process process = child.start();
        try {
            Deadline.await(Duration.ofSeconds(90), "playbatch list to exit", () -> !process.isAlive());
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        assertThat(process.exitValue()).as(java.nio.file.Files.readString(dir.resolve("child.log"))).isZero();
        assertThat(dataDir.resolve("PG_VERSION")).exists();
    }
}
