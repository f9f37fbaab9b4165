package io.playbatch.mcp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The canonical JSON behind MCP071's digests (docs/mcp.md "Schema digests"). */
class CanonicalJsonTest {

    @Test
    void keysAreSortedAtEveryLevelAndThereIsNoWhitespace() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("required", List.of("id"));
        schema.put("properties", Map.of("id", Map.of("type", "string", "description", "the id")));

        assertThat(CanonicalJson.of(schema)).isEqualTo(
                "{\"properties\":{\"id\":{\"description\":\"the id\",\"type\":\"string\"}},\"required\":[\"id\"],"
                        + "\"type\":\"object\"}");
    }

    @Test
    void numbersAreSpelledOneWayWhateverTheirJavaType() {
        assertThat(CanonicalJson.of(List.of(1, 1L, 1.0, 1.0f, new BigDecimal("1.000"), 2.50, new BigDecimal("-0.10"),
                1e3, 12345678901234567L))).isEqualTo("[1,1,1,1,1,2.5,-0.1,1000,12345678901234567]");
    }

    @Test
    void stringsEscapeOnlyWhatJsonRequires() {
        assertThat(CanonicalJson.of("a\"b\\c\nd\u0001é/€")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001é/€\"");
        assertThat(CanonicalJson.of(Arrays.asList(true, false, null))).isEqualTo("[true,false,null]");
    }

    @Test
    void theSameSchemaFromYamlOrderAndFromServerJsonHasOneDigest() {
        Map<String, Object> pinned = new LinkedHashMap<>();
        pinned.put("type", "object");
        pinned.put("properties", Map.of("n", Map.of("type", "integer", "minimum", 1.0)));
        Map<String, Object> served = JsonMapper.builder().build().readValue(
                "{ \"properties\": { \"n\": { \"minimum\": 1, \"type\": \"integer\" } }, \"type\": \"object\" }",
                Map.class);

        assertThat(CanonicalJson.sha256(pinned)).isEqualTo(CanonicalJson.sha256(served))
                .matches("[0-9a-f]{64}");
        // sha256 of the empty object "{}", as any sha256 tool computes it.
        assertThat(CanonicalJson.sha256(Map.of()))
                .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }

    @Test
    void aValueThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> CanonicalJson.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.of(new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}
