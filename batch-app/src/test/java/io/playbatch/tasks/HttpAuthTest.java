package io.playbatch.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.taskmodel.TaskFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header each {@code auth} type makes from resolved args, and the mistakes the worker refuses. */
class HttpAuthTest {

    @Test
    void eachTypeMakesItsHeader() {
        assertThat(HttpAuth.of(Map.of("type", "bearer", "token", "t0k3n")))
                .isEqualTo(new HttpAuth("Authorization", "Bearer t0k3n", null));
        assertThat(HttpAuth.of(Map.of("type", "basic", "user", "Aladdin", "password", "open sesame")))
                .isEqualTo(new HttpAuth("Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
                        "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
        assertThat(HttpAuth.of(Map.of("type", "api_key", "header", "X-Api-Key", "value", "k3y")))
                .isEqualTo(new HttpAuth("X-Api-Key", "k3y", null));
        assertThat(HttpAuth.of(null)).isNull();
    }

    @Test
    void theBasicCredentialIsScrubbedFromAnAnswerAndNeverPrinted() {
        HttpAuth basic = HttpAuth.of(Map.of("type", "basic", "user", "Aladdin", "password", "open sesame"));

        assertThat(basic.scrub("got Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")).isEqualTo("got Basic [secret:basic-auth]");
        assertThat(basic.toString()).doesNotContain("QWxh").doesNotContain("sesame");
    }

    @Test
    void mistakesFailTheTaskWithBadArgsNamingTheField() {
        assertThatThrownBy(() -> HttpAuth.of(Map.of("type", "digest"))).isInstanceOfSatisfying(TaskFailure.class,
                f -> assertThat(f.type() + ": " + f.getMessage()).contains("bad_args: http task: args.auth.type is 'digest'"));
        assertThatThrownBy(() -> HttpAuth.of(Map.of("type", "bearer"))).hasMessageContaining("needs token");
        assertThatThrownBy(() -> HttpAuth.of(Map.of("type", "bearer", "token", "t", "user", "u")))
                .hasMessageContaining("takes token, not [user]");
        assertThatThrownBy(() -> HttpAuth.of(Map.of("type", "basic", "user", "a:b", "password", "p")))
                .hasMessageContaining("args.auth.user may not contain ':'");
        assertThatThrownBy(() -> HttpAuth.of("Bearer x")).hasMessageContaining("args.auth must be a mapping");
    }

    @Test
    void aHeaderAlsoInHeadersCollidesWhateverItsCase() {
        HttpAuth key = HttpAuth.of(Map.of("type", "api_key", "header", "X-Api-Key", "value", "k3y"));

        assertThat(key.collidesWith(Map.of("x-api-key", "other"))).isTrue();
        assertThat(key.collidesWith(Map.of("X-Trace", "1"))).isFalse();
    }
}
