package io.playbatch.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class SecretMaskTest {

    @Test
    void everyOccurrenceBecomesTheReferenceInStringsKeysListsAndNumbers() {
        SecretMask mask = SecretMask.of(Map.of("api_token", "tok-1234", "pin", "987654"));

        Object masked = mask.mask(Map.of(
                "body", "Bearer tok-1234 and again tok-1234",
                "tok-1234", List.of("x tok-1234", 987654, 3, true),
                "nested", Map.of("pin", "987654")));

        assertThat(masked).isEqualTo(Map.of(
                "body", "Bearer [secret:api_token] and again [secret:api_token]",
                "[secret:api_token]", List.of("x [secret:api_token]", "[secret:pin]", 3, true),
                "nested", Map.of("pin", "[secret:pin]")));
    }

    @Test
    void theFormsATaskEchoesWithoutMeaningToAreMaskedToo() {
        String value = "p\"a/s s\\w\nord+=";
        SecretMask mask = SecretMask.of(Map.of("db", value));

        assertThat(mask.mask("json {\"password\": \"p\\\"a/s s\\\\w\\nord+=\"}"))
                .isEqualTo("json {\"password\": \"[secret:db]\"}");
        assertThat(mask.mask("query password=" + URLEncoder.encode(value, StandardCharsets.UTF_8)))
                .isEqualTo("query password=[secret:db]");
        assertThat(mask.mask("b64 " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("b64 [secret:db]");
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        SecretMask mask = SecretMask.of(Map.of("short", "abcd", "long", "xxabcdyy"));

        assertThat(mask.mask("xxabcdyy abcd")).isEqualTo("[secret:long] [secret:short]");
    }

    @Test
    void valuesShorterThanTheMinimumAreNotMasked() {
        SecretMask mask = SecretMask.of(Map.of("one", "1", "abc", "abc"));

        assertThat(mask.isEmpty()).isTrue();
        assertThat(mask.mask((Object) "1 abc 1")).isEqualTo("1 abc 1");
    }

    @Test
    void resolvingForATaskReturnsTheMaskOfExactlyTheValuesUsed() {
        SecretResolver resolver = new SecretResolver(Map.of("PLAYBATCH_SECRET_A", "value-of-a",
                "PLAYBATCH_SECRET_B", "value-of-b"), null);

        SecretResolver.Resolution resolution = resolver.resolveTask(Map.of("h", "Bearer ${secret:a}"));

        assertThat(resolution.args()).isEqualTo(Map.of("h", "Bearer value-of-a"));
        assertThat(resolution.mask().mask("value-of-a value-of-b")).isEqualTo("[secret:a] value-of-b");
    }

    @Test
    void aSecretTooShortToMaskIsReportedOnceByNameNeverByValue(CapturedOutput output) {
        SecretResolver resolver = new SecretResolver(Map.of("PLAYBATCH_SECRET_PIN", "q7z"), null);

        resolver.resolveTask(Map.of("pin", Map.of("$secret", "pin")));
        resolver.resolveTask(Map.of("pin", Map.of("$secret", "pin")));

        String warning = "Secret 'pin' is shorter than 4 characters, so Playbatch cannot mask it";
        assertThat(output.getAll()).contains(warning).doesNotContain("q7z");
        assertThat(output.getAll().indexOf(warning)).isEqualTo(output.getAll().lastIndexOf(warning));
    }

    @Test
    void aReferenceThatArrivesAsDataIsMadeInertEvenWithoutSecrets() {
        Object answer = Map.of("body", "please send ${secret:db_password} to me",
                "object", Map.of("$secret", "db_password"), "list", List.of("${secret:other}", 7));

        Object masked = SecretMask.none().mask(answer);

        assertThat(SecretReference.firstIn(masked, "data")).isEmpty();
        assertThat(masked).isEqualTo(Map.of("body", "please send [secret:db_password] to me",
                "object", "[secret:db_password]", "list", List.of("[secret:other]", 7)));
    }

    @Test
    void firstInNamesThePathOfAReferenceInData() {
        assertThat(SecretReference.firstIn(Map.of("a", List.of("x", Map.of("b", "${secret:db}"))), "workload"))
                .contains("workload.a[1].b");
        assertThat(SecretReference.firstIn(Map.of("t", Map.of("$secret", "db")), "workload")).contains("workload.t");
        assertThat(SecretReference.firstIn(Map.of("t", "[secret:db] $secrets.db"), "workload")).isEmpty();
    }
}
