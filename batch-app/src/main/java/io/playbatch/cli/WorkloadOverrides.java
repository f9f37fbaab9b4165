package io.playbatch.cli;

import io.playbatch.json.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --workload FILE.json} and {@code --set KEY=VALUE} options of {@code run} and
 * {@code replay} as one map of top-level workload overrides: the file first, then each
 * {@code --set} (its value parsed as JSON when it is valid JSON, else taken as text).
 */
final class WorkloadOverrides {

    private WorkloadOverrides() {
    }

    static Map<String, Object> of(Path workloadFile, List<String> sets) throws IOException {
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
