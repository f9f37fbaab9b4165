package io.playbatch.secrets;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the {@link SecretReference}s in a rendered task's args by the secrets' values, at the
 * moment a worker runs the task (docs/secrets.md). A secret {@code NAME} is read from the environment
 * variable {@code PLAYBATCH_SECRET_<NAME upper-cased>}, else from the secrets file (a Java
 * properties file, keys are secret names as written in playbooks), re-read on each resolution so a
 * rotated secret is picked up without a restart. The values only live in the returned copy, which
 * the caller hands to the task and drops; nothing here logs or stores them. With the copy comes
 * the {@link SecretMask} of the values it holds, which takes them out of what the task returns.
 * Thread-safe.
 */
public final class SecretResolver {

    private static final Logger log = LoggerFactory.getLogger(SecretResolver.class);

    private final Map<String, String> environment;
    private final Path file;

    /** The secrets already reported as too short to mask: one warning per secret, not one per task. */
    private final Set<String> reportedShort = ConcurrentHashMap.newKeySet();

    /**
     * @param environment the worker's environment variables
     * @param file the secrets file, or null when none is configured
     */
    public SecretResolver(Map<String, String> environment, Path file) {
        this.environment = Map.copyOf(environment);
        this.file = file;
    }

    /** A resolver that knows no secret: every reference fails with {@code secret_missing}. */
    public static SecretResolver none() {
        return new SecretResolver(Map.of(), null);
    }

    /** True when {@code value} holds a reference anywhere (maps and lists recursively). */
    public static boolean refersToSecrets(Object value) {
        if (value instanceof String text) {
            return SecretReference.placeholders(text).find();
        }
        if (SecretReference.ofObject(value) != null) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(SecretResolver::refersToSecrets);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(SecretResolver::refersToSecrets);
        }
        return false;
    }

    /**
     * A copy of {@code value} with every {@code {"$secret": NAME}} replaced by the secret's value
     * and every {@code ${secret:NAME}} inside a string replaced by it; {@code value} itself is not
     * changed. Throws {@link SecretUnavailableException} naming the first secret that has no value.
     */
    public Object resolve(Object value) {
        return resolve(value, new Lookup());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> resolveMap(Map<String, Object> value) {
        return (Map<String, Object>) resolve(value);
    }

    /**
     * Like {@link #resolveMap}, for a task about to run: the args with the values, and the mask of
     * exactly the values they received, which the caller applies to whatever the task returns.
     */
    @SuppressWarnings("unchecked")
    public Resolution resolveTask(Map<String, Object> args) {
        Lookup lookup = new Lookup();
        Map<String, Object> resolved = (Map<String, Object>) resolve(args, lookup);
        lookup.used.forEach((name, value) -> {
            if (value.length() < SecretMask.MIN_LENGTH && reportedShort.add(name)) {
                log.warn("Secret '{}' is shorter than {} characters, so Playbatch cannot mask it in task results,"
                        + " errors and logs (it would blank out ordinary text): use a longer value", name,
                        SecretMask.MIN_LENGTH);
            }
        });
        return new Resolution(resolved, SecretMask.of(lookup.used));
    }

    /**
     * A task's args with the secrets' values, held only while the task runs, and the mask that
     * replaces those values by their references in what the task returns.
     */
    public record Resolution(Map<String, Object> args, SecretMask mask) {
    }

    private Object resolve(Object value, Lookup lookup) {
        SecretReference reference = SecretReference.ofObject(value);
        if (reference != null) {
            return lookup.value(reference);
        }
        if (value instanceof String text) {
            Matcher matcher = SecretReference.placeholders(text);
            if (!matcher.find()) {
                return text;
            }
            StringBuilder out = new StringBuilder();
            do {
                matcher.appendReplacement(out, Matcher.quoteReplacement(
                        lookup.value(new SecretReference(matcher.group(1)))));
            } while (matcher.find());
            matcher.appendTail(out);
            return out.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, lookup)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(resolve(v, lookup)));
            return out;
        }
        return value;
    }

    /** One resolution's view of the store: the file is read at most once per task. */
    private final class Lookup {

        private Properties fileSecrets;

        /** The values handed out, by secret name. */
        private final Map<String, String> used = new LinkedHashMap<>();

        String value(SecretReference reference) {
            String value = find(reference);
            used.put(reference.name(), value);
            return value;
        }

        private String find(SecretReference reference) {
            String fromEnvironment = environment.get(reference.environmentVariable());
            if (fromEnvironment != null) {
                return fromEnvironment;
            }
            String fromFile = fileSecrets().getProperty(reference.name());
            if (fromFile != null) {
                return fromFile;
            }
            throw new SecretUnavailableException("secret_missing", "secret '" + reference.name() + "' has no value"
                    + " on this worker: set the environment variable " + reference.environmentVariable()
                    + (file == null ? ", or configure a secrets file (playbatch.secrets.file or PLAYBATCH_SECRETS_FILE)"
                            + " holding " + reference.name() + "=..."
                            : ", or add " + reference.name() + "=... to the secrets file " + file));
        }

        private Properties fileSecrets() {
            if (fileSecrets == null) {
                fileSecrets = new Properties();
                if (file != null) {
                    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        fileSecrets.load(reader);
                    } catch (IOException | IllegalArgumentException e) {
                        throw new SecretUnavailableException("secrets_file_unreadable", "the secrets file " + file
                                + " (playbatch.secrets.file / PLAYBATCH_SECRETS_FILE) cannot be read: "
                                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())
                                + "; create it as a properties file (name=value lines) readable by the worker, or"
                                + " fix the path");
                    }
                }
            }
            return fileSecrets;
        }
    }
}
