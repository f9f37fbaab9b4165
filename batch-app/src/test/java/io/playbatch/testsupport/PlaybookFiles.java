package io.playbatch.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small playbooks for tests: the {@code apiVersion}/{@code kind}/{@code metadata.name} header, then the body. */
public final class PlaybookFiles {

    private PlaybookFiles() {
    }

    /** Writes {@code dir/name.yaml}: a playbook named {@code name} whose YAML after the header is {@code body}. */
    public static Path write(Path dir, String name, String body) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "apiVersion: playbatch.io/v2\nkind: Playbook\nmetadata:\n  name: " + name + "\n" + body);
        return file;
    }

    /**
     * A playbook whose loop step {@code boom} fails in its manager (its {@code over} renders to a text,
     * not a list), so it fails without any worker: the tests of how an execution's failure is recorded.
     */
    public static Path failingLoop(Path dir, String name) throws IOException {
        return write(dir, name, """
                workload:
                  items: "not a list"
                workflow:
                  - step: start
                    next: [ boom ]
                  - step: boom
                    loop: { over: "$workload.items", as: item }
                    type: log
                    args: { message: "never" }
                    next: [ end ]
                  - step: end
                """);
    }

    /**
     * A playbook whose parallel loop step {@code hits} inserts each of {@code items} indexes into
     * {@code table} (one row per run of the task, no unique key to hide a second run), 30 ms each:
     * the tests that kill a manager count with it what ran twice. {@code topLevel} goes before
     * {@code workload} (such as a {@code recovery:} line), empty for none.
     */
    public static Path hitLoop(Path dir, String name, String table, int items, String topLevel) throws IOException {
        return write(dir, name, topLevel + """
                workload:
                  items: %s
                workflow:
                  - step: start
                    next: [ hits ]
                  - step: hits
                    loop: { over: "$workload.items", as: item, mode: parallel, max_parallel: 4 }
                    type: sql
                    args:
                      connection: default
                      statement: "insert into %s (idx) select :idx from pg_sleep(0.03)"
                      params: { idx: "$index" }
                    next: [ end ]
                  - step: end
                """.formatted(java.util.stream.IntStream.range(0, items).boxed().toList(), table));
    }
}
