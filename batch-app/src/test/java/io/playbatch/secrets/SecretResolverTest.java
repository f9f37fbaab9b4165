package io.playbatch.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

    @TempDir
    Path dir;

    private Path file(String content) throws Exception {
        return Files.writeString(dir.resolve("secrets.properties"), content);
    }

    @Test
    void objectFormAndPlaceholdersAreReplacedInACopy() throws Exception {
        SecretResolver resolver = new SecretResolver(Map.of(), file("api_token=s3cr$t\\\\x\nuser=ana\n"));
        Map<String, Object> args = Map.of(
                "headers", Map.of("X-Key", Map.of("$secret", "api_token"),
                        "Authorization", "Bearer ${secret:api_token} for ${secret:user}"),
                "list", List.of(Map.of("$secret", "user"), 3));

        Map<String, Object> resolved = resolver.resolveMap(args);

        assertThat(resolved).isEqualTo(Map.of(
                "headers", Map.of("X-Key", "s3cr$t\\x", "Authorization", "Bearer s3cr$t\\x for ana"),
                "list", List.of("ana", 3)));
        assertThat(args.get("headers")).isEqualTo(Map.of("X-Key", Map.of("$secret", "api_token"),
                "Authorization", "Bearer ${secret:api_token} for ${secret:user}"));
    }

    @Test
    void environmentVariableWinsOverTheFile() throws Exception {
        SecretResolver resolver = new SecretResolver(Map.of("PLAYBATCH_SECRET_API_TOKEN", "from-env"),
                file("api_token=from-file\n"));

        assertThat(resolver.resolve(Map.of("$secret", "api_token"))).isEqualTo("from-env");
    }

    @Test
    void aMapWithMoreKeysThanSecretIsNotAReference() {
        Map<String, Object> value = Map.of("$secret", "x", "other", 1);

        assertThat(SecretResolver.none().resolve(value)).isEqualTo(value);
        assertThat(SecretResolver.refersToSecrets(value)).isFalse();
        assertThat(SecretResolver.refersToSecrets(List.of("a ${secret:x}"))).isTrue();
    }

    @Test
    void unknownSecretNamesTheSecretTheVariableAndTheFile() throws Exception {
        Path file = file("other=1\n");

        assertThatThrownBy(() -> new SecretResolver(Map.of(), file).resolve("Bearer ${secret:api_token}"))
                .isInstanceOfSatisfying(SecretUnavailableException.class,
                        e -> assertThat(e.type()).isEqualTo("secret_missing"))
                .hasMessageContaining("secret 'api_token' has no value")
                .hasMessageContaining("PLAYBATCH_SECRET_API_TOKEN")
                .hasMessageContaining("add api_token=... to the secrets file " + file);
        assertThatThrownBy(() -> SecretResolver.none().resolve(Map.of("$secret", "db_password")))
                .hasMessageContaining("PLAYBATCH_SECRET_DB_PASSWORD")
                .hasMessageContaining("configure a secrets file (playbatch.secrets.file or PLAYBATCH_SECRETS_FILE)");
    }

    @Test
    void unreadableSecretsFileSaysWhichFileAndHowToFixIt() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> new SecretResolver(Map.of(), missing).resolve(Map.of("$secret", "x")))
                .isInstanceOfSatisfying(SecretUnavailableException.class,
                        e -> assertThat(e.type()).isEqualTo("secrets_file_unreadable"))
                .hasMessageContaining(missing.toString()).hasMessageContaining("NoSuchFileException")
                .hasMessageContaining("fix the path");
    }

    @Test
    void referenceFormsAreTheDocumentedOnes() {
        SecretReference reference = new SecretReference("api_token");

        assertThat(reference.toObject()).isEqualTo(Map.of("$secret", "api_token"));
        assertThat(reference.placeholder()).isEqualTo("${secret:api_token}");
        assertThat(reference.environmentVariable()).isEqualTo("PLAYBATCH_SECRET_API_TOKEN");
        assertThatThrownBy(() -> new SecretReference("api-token")).hasMessageContaining("not a secret name");
    }
}
