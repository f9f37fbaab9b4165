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
}
