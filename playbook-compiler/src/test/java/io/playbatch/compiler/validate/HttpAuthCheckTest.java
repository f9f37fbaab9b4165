package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import org.junit.jupiter.api.Test;

/** {@code validate} on an {@code http} task's {@code auth}: its type, its fields, and the header it sets. */
class HttpAuthCheckTest {

    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();

    private static CompilationResult compile(String auth) {
        return COMPILER.compile("t.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: t }
                workbook:
                  - name: call
                    type: http
                    args: { url: "http://localhost:9/x" }
                workflow:
                  - step: start
                    next: [ a, b ]
                  - step: a
                    type: http
                    args:
                      url: "http://localhost:9/a"
                      headers: { X-Trace: "1" }
                      auth: %s
                  - step: b
                    task: { workbook: call, args: { auth: { type: bearer, token: "$secrets.t" } } }
                """.formatted(auth));
    }

    @Test
    void eachAuthTypeWithItsFieldsValidates() {
        assertThat(compile("{ type: bearer, token: \"$secrets.api_token\" }").diagnostics()).isEmpty();
        assertThat(compile("{ type: basic, user: \"$workload.user\", password: \"$secrets.pw\" }").diagnostics())
                .isEmpty();
        assertThat(compile("{ type: api_key, header: X-Api-Key, value: \"$secrets.key\" }").diagnostics()).isEmpty();
        assertThat(compile("\"$workload.auth\"").diagnostics()).isEmpty();
    }

    @Test
    void anUnknownTypeIsReportedAtItsValueWithTheTypes() {
        CompilationResult result = compile("{ type: baerer, token: x }");

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB008");
            assertThat(d.message()).isEqualTo("step `a`: args.auth.type is `baerer`, which is not an auth type");
            assertThat(d.hint()).contains("did you mean `bearer`?")
                    .contains("`bearer` (token), `basic` (user, password) or `api_key` (header, value)");
            assertThat(d.position().line()).isEqualTo(16);
        });
    }

    @Test
    void aMissingFieldAndAnUnknownFieldAreEachReported() {
        CompilationResult result = compile("{ type: basic, username: ana, password: \"$secrets.pw\" }");

        assertThat(result.diagnostics()).extracting(d -> d.code() + " " + d.message() + " / " + d.hint())
                .containsExactlyInAnyOrder(
                        "PB005 step `a`: args.auth.username is not a field of `type: basic` / did you mean `user`? `type: basic` takes `user` and `password`",
                        "PB007 step `a`: args.auth of `type: basic` has no `user` / add `user:`");
    }

    @Test
    void authThatIsNotAMappingOrHasNoTypeIsReported() {
        assertThat(compile("bearer").diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.code() + " " + d.message()).isEqualTo("PB006 step `a`: args.auth is not a mapping"));
        assertThat(compile("{ token: x }").diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.code()).isEqualTo("PB007"));
    }

    @Test
    void aHeaderSetByBothAuthAndHeadersIsReported() {
        CompilationResult result = compile("{ type: api_key, header: x-trace, value: \"$secrets.key\" }");

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PB008");
            assertThat(d.message()).contains("args.auth and args.headers both set the header `x-trace`");
        });
        assertThat(compile("{ type: api_key, header: \"X Key\", value: v }").diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("is not an HTTP header name"));
    }

    @Test
    void aWorkbookCallsAuthIsCheckedAtTheStep() {
        CompilationResult result = COMPILER.compile("t.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: t }
                workbook:
                  - name: call
                    type: http
                    args: { url: "http://localhost:9/x", auth: { type: bearer, token: "$secrets.t" } }
                workflow:
                  - step: start
                    next: [ b ]
                  - step: b
                    task: { workbook: call, args: { auth: { type: api_key, value: v } } }
                """);

        assertThat(result.diagnostics()).singleElement().satisfies(d -> assertThat(d.message())
                .isEqualTo("step `b`: task.args.auth of `type: api_key` has no `header`"));
    }
}
