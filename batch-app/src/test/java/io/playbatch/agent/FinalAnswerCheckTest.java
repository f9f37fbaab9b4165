package io.playbatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.mcp.client.JsonSchemaCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FinalAnswerCheckTest {

    private static final Map<String, Object> SCHEMA = Map.of("type", "object", "required", List.of("answer"));

    private final FinalAnswerCheck check = new FinalAnswerCheck(new JsonCodec(), new JsonSchemaCheck());

    @Test
    void aFencedJsonAnswerMatchingTheSchemaIsParsed() {
        FinalAnswerCheck.Verdict verdict = check.check(SCHEMA, "  ```json\n{\"answer\": 42}\n```  ");
        assertThat(verdict.matches()).isTrue();
        assertThat(verdict.parsed()).isEqualTo(Map.of("answer", 42));
    }

    @Test
    void anAnswerThatIsNotJsonOrMissesTheSchemaIsJudged() {
        assertThat(check.check(SCHEMA, "forty-two").violation()).isEqualTo("the answer is not JSON");
        assertThat(check.check(SCHEMA, null).violation()).isEqualTo("the answer is not JSON");
        FinalAnswerCheck.Verdict missing = check.check(SCHEMA, "{\"other\": 1}");
        assertThat(missing.matches()).isFalse();
        assertThat(missing.violation()).contains("answer");
    }

    @Test
    void theCorrectionNamesTheViolationAndShowsTheSchema() {
        assertThat(check.correction(SCHEMA, "no answer")).startsWith(
                "Your answer does not match the required output schema: no answer. Answer again with only a JSON value")
                .contains("\"required\":[\"answer\"]");
    }
}
