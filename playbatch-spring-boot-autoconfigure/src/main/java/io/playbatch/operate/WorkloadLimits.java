package io.playbatch.operate;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.json.JsonCodec;
import io.playbatch.secrets.SecretReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Checks the merged workload of a run before its execution row exists, so that a refused start
 * leaves nothing behind. A workload is stored twice ({@code execution_started} and the
 * {@code workload} snapshot) and read back and parsed again for every step it is rendered in
 * ({@code runtime.RunContextLoader}), so its cost grows with its size times the steps: it is bounded
 * by {@code playbatch.limits.workload-bytes} (its JSON size). PostgreSQL cannot store a NUL character
 * in text or {@code jsonb}, so a NUL anywhere in the workload or the playbook's name is refused here
 * instead of failing the insert after the execution began. A secret reference is refused too: the
 * worker would resolve it, so whoever supplies the workload would choose which secret a task sends
 * where; only a template names a secret (docs/secrets.md). Thread-safe.
 */
@Component
public class WorkloadLimits {

    /** Deeper than this, a workload is surely a mistake or an attack; the check itself stays off the stack limit. */
    static final int MAX_DEPTH = 64;

    private final long maxBytes;
    private final JsonCodec json = new JsonCodec();

    public WorkloadLimits(@Value("${playbatch.limits.workload-bytes:256KB}") DataSize maxBytes) {
        this.maxBytes = maxBytes.toBytes();
    }

    /**
     * Checks a run's playbook (its name and path) and merged workload.
     *
     * @throws WorkloadRejectedException when the run must not start; the message says what, where and how to fix it
     */
    public void check(PlaybookGraph graph, Map<String, Object> workload) {
        refuseNulIn(graph, "name", graph.name());
        refuseNulIn(graph, "path", graph.path());
        checkWorkload(workload);
    }

    /** {@link #check(PlaybookGraph, Map)} of a workload alone, e.g. a replay's overrides. */
    public void checkWorkload(Map<String, Object> workload) {
        visit("workload", workload, 0);
        SecretReference.firstIn(workload, "workload").ifPresent(path -> {
            throw new WorkloadRejectedException(path, path + " holds a secret reference (${secret:NAME} or"
                    + " {\"$secret\": NAME}); a workload is data and cannot name a secret: write $secrets.NAME in"
                    + " the playbook's template instead (docs/secrets.md)", false);
        });
        long size = json.write(workload).getBytes(StandardCharsets.UTF_8).length;
        if (size > maxBytes) {
            throw new WorkloadRejectedException("workload", "the workload is " + size + " bytes of JSON, over the"
                    + " limit of " + maxBytes + " (playbatch.limits.workload-bytes); pass large data by reference"
                    + " (a table, a file or a URL the playbook reads) instead of inline", true);
        }
    }

    private static void refuseNulIn(PlaybookGraph graph, String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new WorkloadRejectedException(field, "the playbook's " + field + " contains a NUL character"
                    + " (\\u0000), which cannot be stored; remove it from 'metadata." + field + "' in "
                    + graph.sourceFile(), false);
        }
    }

    private static void visit(String path, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new WorkloadRejectedException(path, path + " is nested more than " + MAX_DEPTH
                    + " levels deep; flatten the workload", false);
        }
        if (value instanceof String text) {
            refuseNul(path, text);
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                refuseNul(path + " (a key)", key);
                visit(path + "." + key, entry.getValue(), depth + 1);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                visit(path + "[" + i + "]", list.get(i), depth + 1);
            }
        }
    }

    private static void refuseNul(String path, String text) {
        if (text.indexOf('\0') >= 0) {
            throw new WorkloadRejectedException(path, path + " contains a NUL character (\\u0000), which cannot be"
                    + " stored; remove it (binary data goes base64-encoded in a string)", false);
        }
    }
}
