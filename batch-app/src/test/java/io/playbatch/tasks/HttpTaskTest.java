package io.playbatch.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.json.JsonCodec;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.LocalHttpStub.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpTaskTest {

    private final LocalHttpStub stub = new LocalHttpStub();
    private final TaskRunner runner = new TaskRunner(List.of(new HttpTask(new JsonCodec())));
    private final TaskContext context = new TaskContext(1, "fetch", 1, "test");

    @AfterEach
    void stop() {
        stub.close();
    }

    private TaskResult get(Map<String, Object> args) {
        return runner.run(new RenderedTask("http", args), context);
    }

    @Test
    void jsonResponseIsParsedAndQueryIsEncoded() {
        stub.on("/forecast", Answer.json(200, "{\"temp\": 12.5, \"query\": \"{query}\"}"));

        TaskResult result = get(Map.of("url", stub.baseUrl() + "/forecast", "query", Map.of("city", "São Paulo")));

        assertThat(result.ok()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) result.data();
        assertThat(data.get("status")).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) data.get("body");
        assertThat(body).containsEntry("temp", 12.5).containsEntry("query", "city=S%C3%A3o+Paulo");
    }

    @Test
    void unexpectedStatusFailsWithStatusAndBoundedBodyExcerpt() {
        stub.on("/broken", new Answer(500, "text/plain", "x".repeat(2_000)));

        TaskResult result = get(Map.of("url", stub.baseUrl() + "/broken"));

        assertThat(result.ok()).isFalse();
        assertThat(result.errorType()).isEqualTo("http_status");
        assertThat(result.errorMessage()).contains("answered 500").contains("expected 2xx").contains("(2000 characters)");
        assertThat(result.errorMessage().length()).isLessThan(HttpTask.EXCERPT_CHARS + 200);
    }

    @Test
    void expectAcceptsListedCodes() {
        stub.on("/gone", new Answer(404, "text/plain", "gone"));

        assertThat(get(Map.of("url", stub.baseUrl() + "/gone", "expect", List.of(200, 404))).ok()).isTrue();
    }

    @Test
    void badUrlAndUnreachableHostAreClearErrors() {
        assertThat(get(Map.of("url", "ftp://example/x")).errorMessage()).contains("not a valid http(s) URL");
        TaskResult unreachable = get(Map.of("url", "http://127.0.0.1:1/x", "timeout", "2s"));
        assertThat(unreachable.errorType()).isEqualTo("http_unreachable");
        assertThat(unreachable.errorMessage()).contains("GET http://127.0.0.1:1/x");
    }
}
