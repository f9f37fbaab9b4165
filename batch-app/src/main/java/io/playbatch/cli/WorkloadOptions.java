package io.playbatch.cli;

import io.playbatch.json.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --workload FILE.json} and {@code --set KEY=VALUE} options of {@code run} and
 * {@code replay} (a picocli mixin), read as one map of top-level workload overrides: the file
 * first, then each {@code --set} (its value parsed as JSON when it is valid JSON, else taken as text).
 */
class WorkloadOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a top-level workload key; VALUE is parsed as JSON when it is valid JSON, else taken as text. Repeatable.")
    List<String> sets = List.of();

    @Option(names = "--workload", paramLabel = "FILE.json",
            description = "A JSON object whose top-level keys override the workload (applied before --set).")
    Path workloadFile;

    Map<String, Object> overrides() throws IOException {
        JsonCodec codec = new JsonCodec();
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (workloadFile != null) {
            if (!Files.isRegularFile(workloadFile)) {
                throw new UsageException("--workload " + workloadFile + ": no such file");
            }
            try {
                overrides.putAll(codec.readMap(Files.readString(workloadFile)));
            } catch (RuntimeException e) {
                throw new UsageException("--workload " + workloadFile + " is not a JSON object: " + e.getMessage());
            }
        }
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq < 1) {
                throw new UsageException("--set " + set + ": expected KEY=VALUE, for example --set threshold=12");
            }
            String value = set.substring(eq + 1);
            Object parsed;
            try {
                parsed = codec.read(value);
            } catch (RuntimeException notJson) {
                parsed = value;
            }
            overrides.put(set.substring(0, eq), parsed);
        }
        return overrides;
    }
}
