package io.playbatch.compiler.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.diag.SourcePosition;
import org.junit.jupiter.api.Test;

class YamlTreeParserTest {

    private final YamlTreeParser parser = new YamlTreeParser();

    @Test
    void keysAndScalarsKeepTheirLineAndColumn() {
        Diagnostics diagnostics = new Diagnostics();
        YamlMap root = parser.parse("f.yaml", """
                a: 1
                b:
                  c: "x"
                  d: [ 1, two ]
                e:
                  - k: v
                apiVersion: playbatch.io/v2
                """, diagnostics).orElseThrow();
        assertThat(diagnostics.sorted()).isEmpty();
        assertThat(root.keyPosition("b")).isEqualTo(new SourcePosition("f.yaml", 2, 1));
        YamlMap b = root.map("b");
        assertThat(b.keyPosition("c")).isEqualTo(new SourcePosition("f.yaml", 3, 3));
        assertThat(b.valuePosition("c")).isEqualTo(new SourcePosition("f.yaml", 3, 6));
        assertThat(((YamlScalar) b.get("c")).quoted()).isTrue();
        YamlList d = b.list("d");
        assertThat(d.items().get(1).position()).isEqualTo(new SourcePosition("f.yaml", 4, 11));
        YamlMap item = (YamlMap) root.list("e").items().get(0);
        assertThat(item.keyPosition("k")).isEqualTo(new SourcePosition("f.yaml", 6, 5));
        assertThat(item.position().line()).isEqualTo(6);
        assertThat(root.valuePosition("a")).isEqualTo(new SourcePosition("f.yaml", 1, 4));
    }

    @Test
    void duplicateKeyIsADiagnosticAtTheSecondKey() {
        Diagnostics diagnostics = new Diagnostics();
        parser.parse("f.yaml", "a: 1\nb: 2\na: 3\napiVersion: playbatch.io/v2\n", diagnostics);
        assertThat(diagnostics.sorted()).extracting(Diagnostic::code, d -> d.position().line(), d -> d.position().column())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PB003", 3, 1));
    }

    @Test
    void syntaxErrorIsADiagnosticWithAPosition() {
        Diagnostics diagnostics = new Diagnostics();
        assertThat(parser.parse("f.yaml", "a: [1, 2\nb: 3\n", diagnostics)).isEmpty();
        Diagnostic error = diagnostics.sorted().get(0);
        assertThat(error.code()).isEqualTo("PB001");
        assertThat(error.position().isKnown()).isTrue();
    }
}
