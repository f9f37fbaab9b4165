package io.playbatch.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every changeset of Playbatch's changelog as {@code author:id}, read from the changelog files on the
 * classpath without starting Liquibase (whose start-up is most of a short command's schema check).
 * Knows the two forms the changelog uses: YAML {@code changeSet} entries and formatted SQL
 * {@code --changeset author:id} lines; includes are listed in the master changelog.
 */
final class ChangelogInventory {

    private static final Pattern SQL_CHANGESET = Pattern.compile("(?m)^--changeset\\s+([^:\\s]+):(\\S+)");

    private ChangelogInventory() {
    }

    static Set<String> changesets(ClassLoader classLoader, String masterChangelog) {
        YAMLMapper yaml = new YAMLMapper();
        Set<String> changesets = new LinkedHashSet<>();
        for (JsonNode entry : yaml.readTree(read(classLoader, masterChangelog)).path("databaseChangeLog")) {
            if (entry.has("changeSet")) {
                changesets.add(id(entry.get("changeSet")));
            }
            String file = entry.path("include").path("file").asString(null);
            if (file == null) {
                continue;
            }
            String text = read(classLoader, file);
            if (file.endsWith(".sql")) {
                Matcher changeset = SQL_CHANGESET.matcher(text);
                while (changeset.find()) {
                    changesets.add(changeset.group(1) + ":" + changeset.group(2));
                }
            } else {
                for (JsonNode included : yaml.readTree(text).path("databaseChangeLog")) {
                    if (included.has("changeSet")) {
                        changesets.add(id(included.get("changeSet")));
                    } else if (included.has("include") || included.has("includeAll")) {
                        // A nested include this reader does not follow: never claim to know the whole changelog.
                        throw new IllegalStateException("nested include in " + file);
                    }
                }
            }
        }
        return changesets;
    }

    private static String id(JsonNode changeSet) {
        return changeSet.path("author").asString() + ":" + changeSet.path("id").asString();
    }

    private static String read(ClassLoader classLoader, String resource) {
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
