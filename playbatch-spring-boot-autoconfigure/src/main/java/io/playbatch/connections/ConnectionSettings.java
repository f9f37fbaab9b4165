package io.playbatch.connections;

import io.playbatch.secrets.SecretReference;
import io.playbatch.secrets.SecretResolver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * One named JDBC connection as the operator configured it ({@value #PREFIX}{@code .<name>.*},
 * docs/connections.md): the JDBC {@code url}, {@code user}, {@code password} (a literal or a secret
 * reference {@code $secrets.NAME}), the most connections its pool may hold ({@code pool-size},
 * default {@value #DEFAULT_POOL_SIZE}) and whether its connections are {@code read-only}. Immutable.
 */
public record ConnectionSettings(String url, String user, String password, Integer poolSize, Boolean readOnly) {

    /** The prefix of every named connection's properties. */
    public static final String PREFIX = "playbatch.connections";

    /** Playbatch's own database: always there, never configured under {@value #PREFIX}. */
    public static final String DEFAULT = "default";

    public static final int DEFAULT_POOL_SIZE = 4;
    public static final int MAX_POOL_SIZE = 100;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|pwd)=)[^&;]*");
    private static final Pattern SECRET = Pattern.compile("\\$secrets\\.(" + SecretReference.NAME.pattern() + ")");

    public ConnectionSettings {
        poolSize = poolSize == null ? DEFAULT_POOL_SIZE : poolSize;
        readOnly = readOnly != null && readOnly;
    }

    /**
     * The named connections of {@code environment}, by name, sorted; {@code default} is not among
     * them. A connection without a url, a name Playbatch cannot use, or a pool size out of range is
     * an {@link InvalidConnectionSettingException} naming the property to fix.
     */
    public static Map<String, ConnectionSettings> from(Environment environment) {
        Map<String, ConnectionSettings> bound;
        try {
            bound = Binder.get(environment).bind(PREFIX, Bindable.mapOf(String.class, ConnectionSettings.class))
                    .orElse(Map.of());
        } catch (BindException e) {
            Throwable reason = e.getCause() == null ? e : e.getCause();
            // The property's name, never its value: it may be a password.
            throw new InvalidConnectionSettingException((e.getProperty() == null ? PREFIX
                    : e.getProperty().getName().toString()) + " cannot be read: " + reason.getMessage()
                    + " (pool-size is a whole number, read-only true or false; docs/connections.md)");
        }
        Map<String, ConnectionSettings> checked = new TreeMap<>();
        bound.forEach((name, settings) -> checked.put(name, settings.checked(name)));
        return new LinkedHashMap<>(checked);
    }

    private ConnectionSettings checked(String name) {
        if (DEFAULT.equals(name)) {
            throw new InvalidConnectionSettingException(PREFIX + ".default is Playbatch's own database and cannot be"
                    + " configured here: set playbatch.db.url (--db-url) instead, or choose another name");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidConnectionSettingException(PREFIX + "." + name + ": '" + name + "' is not a connection"
                    + " name: use lower-case letters, digits, _ and -, starting with a letter");
        }
        if (url == null || url.isBlank()) {
            throw new InvalidConnectionSettingException(PREFIX + "." + name + ".url is not set: give the JDBC URL,"
                    + " for example jdbc:postgresql://host:5432/db or jdbc:duckdb:/data/file.duckdb (environment: "
                    + environmentVariable(name, "URL") + ")");
        }
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new InvalidConnectionSettingException(PREFIX + "." + name + ".pool-size is " + poolSize
                    + ": set it between 1 and " + MAX_POOL_SIZE);
        }
        return this;
    }

    /**
     * The password to log in with: the configured one, or the value of the secret it names
     * ({@code $secrets.NAME}, docs/secrets.md), read now and never kept here. Throws
     * {@link io.playbatch.secrets.SecretUnavailableException} when that secret has no value.
     */
    public String resolvedPassword(SecretResolver secrets) {
        if (password == null) {
            return null;
        }
        Matcher reference = SECRET.matcher(password.trim());
        return reference.matches() ? (String) secrets.resolve(new SecretReference(reference.group(1)).toObject())
                : password;
    }

    /** A JDBC URL as it may be shown: a password written into it ({@code password=}, {@code pwd=}) masked. */
    public static String displayUrl(String url) {
        return url == null ? null : URL_PASSWORD.matcher(url).replaceAll("$1***");
    }

    /** The environment variable that sets {@code field} ({@code URL}, {@code USER}, ...) of connection {@code name}. */
    public static String environmentVariable(String name, String field) {
        return "PLAYBATCH_CONNECTIONS_" + name.toUpperCase() + "_" + field;
    }

    /** What may be shown of these settings: everything but the password, which is only said to be set. */
    @Override
    public String toString() {
        return "ConnectionSettings[url=" + displayUrl(url) + ", user=" + user + ", password="
                + (password == null ? "none" : "***")
                + ", poolSize=" + poolSize + ", readOnly=" + readOnly + "]";
    }
}
