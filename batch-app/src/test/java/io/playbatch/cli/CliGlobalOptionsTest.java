package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Database options and --verbose given before the subcommand apply to it, as after it. */
class CliGlobalOptionsTest {

    /** The Spring properties the last subcommand of {@code args} would start with, in the tree they run in. */
    private static Map<String, Object> propertiesOf(String... args) {
        CommandLine.ParseResult parsed = PlaybatchCli.commandTreeFor(args).parseArgs(args);
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        Object command = parsed.commandSpec().userObject();
        DatabaseOptions database = command instanceof ListCommand list ? list.database
                : command instanceof ScheduleCommand.ListSchedules schedules ? schedules.database : null;
        assertThat(database).as("database options of " + parsed.commandSpec().qualifiedName()).isNotNull();
        return database.springProperties();
    }

    @Test
    void dataDirBeforeTheSubcommandIsTheSameAsAfterIt() {
        Map<String, Object> before = propertiesOf("--data-dir", "/tmp/pb-data", "list");
        Map<String, Object> after = propertiesOf("list", "--data-dir", "/tmp/pb-data");

        assertThat(before).containsEntry("playbatch.db.data-dir", Path.of("/tmp/pb-data").toString())
                .isEqualTo(after);
    }

    @Test
    void everyDatabaseOptionAndVerboseAreGlobal() {
        assertThat(propertiesOf("--db-url", "jdbc:postgresql://db:5432/pb", "--db-user", "u", "--db-password", "p",
                "--verbose", "list"))
                .containsEntry("playbatch.db.url", "jdbc:postgresql://db:5432/pb")
                .containsEntry("playbatch.db.user", "u")
                .containsEntry("playbatch.db.password", "p")
                .containsEntry("logging.level.root", "INFO");
    }

    @Test
    void optionsBetweenACommandAndItsVerbApplyToTheVerb() {
        assertThat(propertiesOf("--data-dir", "/tmp/a", "schedule", "--db-user", "u", "list"))
                .containsEntry("playbatch.db.data-dir", Path.of("/tmp/a").toString())
                .containsEntry("playbatch.db.user", "u");
    }

    @Test
    void theSubcommandsOwnValueWins() {
        assertThat(propertiesOf("--data-dir", "/tmp/a", "list", "--data-dir", "/tmp/b"))
                .containsEntry("playbatch.db.data-dir", Path.of("/tmp/b").toString());
    }

    @Test
    void theRootsHelpListsTheGlobalOptions() {
        StringWriter out = new StringWriter();
        int exit = PlaybatchCli.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter()),
                "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--data-dir=DIR").contains("--db-url=JDBC_URL");
    }

    @Test
    void aCommandRunsInATreeOfItsOwnAfterTheGlobalOptionsAndHelpOrATypoGetsEveryCommand() {
        assertThat(PlaybatchCli.commandTreeFor("--data-dir", "/tmp/a", "-v", "list", "--json").getSubcommands())
                .containsOnlyKeys("list");
        assertThat(PlaybatchCli.commandTreeFor("schedule", "list").getSubcommands()).containsOnlyKeys("schedule");
        int everyCommand = PlaybatchCli.commandTree().getSubcommands().size();
        assertThat(PlaybatchCli.commandTreeFor("help", "list").getSubcommands()).hasSize(everyCommand);
        assertThat(PlaybatchCli.commandTreeFor("--help", "list").getSubcommands()).hasSize(everyCommand);
        assertThat(PlaybatchCli.commandTreeFor("lsit").getSubcommands()).hasSize(everyCommand);
        assertThat(PlaybatchCli.commandTreeFor().getSubcommands()).hasSize(everyCommand);
    }
}
