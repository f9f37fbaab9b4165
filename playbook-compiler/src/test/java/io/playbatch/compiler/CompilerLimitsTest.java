package io.playbatch.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.yaml.YamlLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one file may cost the compiler (docs/security.md): each limit is one diagnostic with a
 * position, a file that is not a playbook is described without being quoted, and nothing throws.
 */
class CompilerLimitsTest {

    private static final String HEADER = """
            apiVersion: playbatch.io/v2
            kind: Playbook
            metadata: { name: limits }
            """;
    private static final String WORKFLOW = """
            workflow:
              - step: start
                next: [ end ]
              - step: end
            """;

    private final PlaybookCompiler compiler = new PlaybookCompiler();

    private static PlaybookCompiler withLimits(int bytes, int depth, int aliases) {
        return new PlaybookCompiler(CompilerOptions.defaults().withYamlLimits(new YamlLimits(bytes, depth, aliases)));
    }

    private static Diagnostic only(CompilationResult result) {
        assertThat(result.graph()).isEmpty();
        assertThat(result.diagnostics()).hasSize(1);
        return result.diagnostics().get(0);
    }

    @Test
    void aFileOverTheByteLimitIsReadNoFurtherThanTheLimit(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, HEADER + "workload:\n  blob: \"" + "x".repeat(5000) + "\"\n" + WORKFLOW);

        Diagnostic tooLarge = only(withLimits(4096, 64, 100).compile(big));

        assertThat(tooLarge.code()).isEqualTo("PB054");
        assertThat(tooLarge.format()).startsWith(big + ":1:1: error PB054 file-too-large: the file is larger than the"
                + " 4096 bytes").contains("playbatch.limits.yaml-bytes");
        assertThat(only(withLimits(4096, 64, 100).compile("text.yaml", Files.readString(big))).code())
                .isEqualTo("PB054");
        assertThat(withLimits(8192, 64, 100).compile(big).graph()).isPresent();
    }

    @Test
    void anEndlessDeviceCostsTheByteLimitAndAPb054() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero));

        assertThat(only(compiler.compile(zero)).code()).isEqualTo("PB054");
    }

    @Test
    void nestingDeeperThanTheLimitIsPb056AtTheFirstLevelTooDeep() {
        String deep = HEADER + "workload:\n  x: " + "[".repeat(10) + "]".repeat(10) + "\n" + WORKFLOW;

        Diagnostic tooDeep = only(withLimits(4096, 8, 100).compile("deep.yaml", deep));

        // root 1, workload 2, x's lists 3..: the 7th bracket is level 9.
        assertThat(tooDeep.format()).startsWith("deep.yaml:5:12: error PB056 yaml-too-deep")
                .contains("deeper than 8 levels").contains("playbatch.limits.yaml-depth");
        assertThat(withLimits(4096, 12, 100).compile("deep.yaml", deep).graph()).isPresent();
    }

    @Test
    void thousandsOfNestedFlowCollectionsAreOneDiagnostic() {
        String deep = HEADER + "workload:\n  x: " + "{a: [".repeat(20_000) + "]}".repeat(20_000) + "\n" + WORKFLOW;

        assertThat(only(compiler.compile("deep.yaml", deep)).code()).isEqualTo("PB056");
    }

    @Test
    void aliasesRepeatTheAnchoredValueWithinTheLimits() {
        String aliased = HEADER + """
                workload:
                  defaults: &defaults { region: eu, retries: 3 }
                  first: *defaults
                  second: *defaults
                """ + WORKFLOW;

        CompilationResult result = compiler.compile("aliases.yaml", aliased);

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.graph().orElseThrow().workload()).containsEntry("second",
                java.util.Map.of("region", "eu", "retries", 3));
        assertThat(only(withLimits(4096, 64, 1).compile("aliases.yaml", aliased)).format())
                .startsWith("aliases.yaml:7:11: error PB055 yaml-alias-limit: the file uses more than 1 aliases");
    }

    @Test
    void aBillionLaughsIsPb055BeforeItCostsAnything() {
        StringBuilder bomb = new StringBuilder(HEADER).append("workload:\n  l0: &l0 [ lol, lol, lol, lol, lol ]\n");
        for (int level = 1; level <= 9; level++) {
            bomb.append("  l").append(level).append(": &l").append(level).append(" [ ")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (level - 1)))).append(" ]\n");
        }
        bomb.append(WORKFLOW);

        Diagnostic laughs = only(compiler.compile("laughs.yaml", bomb.toString()));

        assertThat(laughs.code()).isEqualTo("PB055");
        assertThat(laughs.message()).contains("repeat more than 10000 values");
    }

    @Test
    void anAliasDeeperThanTheLimitOnceExpandedIsPb056() {
        String aliased = HEADER + "workload:\n  a: &a " + "[".repeat(5) + "]".repeat(5) + "\n  b: [[[[ *a ]]]]\n"
                + WORKFLOW;

        assertThat(withLimits(4096, 8, 100).compile("a.yaml", aliased).diagnostics()).extracting(Diagnostic::code)
                .containsExactly("PB056");
    }

    @Test
    void anAliasOfNoAnchoredCollectionIsPb055() {
        String aliased = HEADER + "workload:\n  name: &n hello\n  again: *n\n  other: *missing\n" + WORKFLOW;

        assertThat(only(compiler.compile("a.yaml", aliased)).format())
                .startsWith("a.yaml:6:10: error PB055 yaml-alias-limit: this alias repeats no mapping or list");
    }

    @Test
    void aFileThatIsNoPlaybookIsOneDiagnosticQuotingNothing() {
        List<String> secrets = List.of(
                "root:$6$s3cret:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n",
                "password: s3cret\npassword: again\napi_key: s3cret\n",
                "apiVersion: v1\nkind: Secret\ndata:\n  t0ken: s3cret\n",
                "[ s3cret, s3cret ]\n",
                "s3cret\n",
                "key: \"s3cret\n  unterminated: s3cret\n",
                "s3cret: [ unclosed\n",
                "\t s3cret: x\n",
                "a: !s3cret x\n",
                "a: \"\\q s3cret\"\n",
                "? [s3cret]\n: s3cret\n");

        for (String text : secrets) {
            CompilationResult result = compiler.compile("secret.yaml", text);
            assertThat(result.diagnostics()).as(text).hasSize(1);
            assertThat(result.diagnostics().get(0).code()).as(text).isIn("PB001", "PB004");
            assertThat(result.diagnostics().get(0).format()).as(text).doesNotContain("s3cret").doesNotContain("root")
                    .doesNotContain("password").doesNotContain("t0ken").startsWith("secret.yaml:");
        }
    }

    @Test
    void binaryDataIsOnePb004AtItsFirstByte(@TempDir Path dir) throws IOException {
        Path notUtf8 = dir.resolve("image.png");
        Files.write(notUtf8, new byte[] {'a', ':', '\n', 'b', (byte) 0x89, 'P', 'N', 'G', 0, 0});
        Path nul = dir.resolve("nul.yaml");
        Files.write(nul, (HEADER + "work\u0000load: {}\n").getBytes(StandardCharsets.UTF_8));

        assertThat(only(compiler.compile(notUtf8)).format()).startsWith(notUtf8 + ":2:2: error PB004")
                .contains("not UTF-8").doesNotContain("PNG");
        assertThat(only(compiler.compile(nul)).format()).startsWith(nul + ":4:5: error PB004").contains("binary");
    }

    @Test
    void numbersTooLargeForAnyTypeArePb057NotOverflows() {
        String huge = "99999999999999999999";
        String playbook = HEADER + """
                workflow:
                  - step: start
                    next: [ a ]
                  - step: a
                    type: noop
                    loop: { over: "$workload.items", as: item, mode: parallel, max_parallel: %1$s }
                    retry:
                      max_attempts: %1$s
                      backoff:
                        initial: %1$ss
                        multiplier: 1e400
                        max: 99999999d
                    timeout: %1$sd
                    next: [ c ]
                  - step: c
                    type: chunk
                    args:
                      reader: { type: jsonl, path: in.jsonl }
                      writer: { type: jsonl, path: out.jsonl }
                      chunk_size: %1$s
                      skip_limit: -1
                      retry_limit: 101
                """.formatted(huge);

        List<Diagnostic> diagnostics = compiler.compile("huge.yaml", playbook).diagnostics();

        assertThat(diagnostics).extracting(d -> d.code() + " " + d.position().line() + ":" + d.position().column())
                .containsExactly("PB057 9:78", "PB057 11:21", "PB057 13:18", "PB057 14:21", "PB057 15:14",
                        "PB057 16:14", "PB057 23:19", "PB011 24:19", "PB057 25:20");
        assertThat(diagnostics.get(1).format()).contains("is 99999999999999999999, above the"
                + " maximum 100 (hint: use a value of at most 100)");
        assertThat(diagnostics.get(5).hint()).isEqualTo("use a value of at most 30d");
    }

    @Test
    void threeThousandNestedIfsAreADiagnosticNotAStackOverflow() {
        String nested = HEADER + """
                workflow:
                  - step: start
                    next: [ say ]
                  - step: say
                    type: log
                    args: { message: "%s" }
                """.formatted("#if(true)".repeat(3000) + "x" + "#end".repeat(3000));

        CompilationResult result = compiler.compile("nested.yaml", nested);

        assertThat(result.graph()).isEmpty();
        assertThat(result.diagnostics()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.isError()).isTrue();
            assertThat(d.format()).startsWith("nested.yaml:").doesNotContain("StackOverflow").doesNotContain("\tat ");
        });
        // The compiler is still usable afterwards: the stack unwound to compile's frame.
        assertThat(compiler.compile("ok.yaml", HEADER + WORKFLOW).graph()).isPresent();
    }
}
