package io.playbatch.testsupport;

import io.playbatch.testsupport.LocalHttpStub.Answer;
import java.nio.file.Path;

/**
 * The restart story of the tests: {@code src/test/resources/playbooks/three-calls.yaml} calls
 * {@code /one}, {@code /two} and {@code /three} of its {@code base_url}, and the stub of {@link #failingAtThree()}
 * makes a first run fail at step three; after {@link #repair(LocalHttpStub)} a restart completes, its
 * output {@code {"query": "token=abc"}} proving that step one's reused result fed step three.
 */
public final class ThreeCalls {

    /** The playbook, relative to the module (the tests' working directory). */
    public static final Path PLAYBOOK = Path.of("src/test/resources/playbooks/three-calls.yaml");

    private ThreeCalls() {
    }

    /** A new stub: {@code /one} answers a token, {@code /two} answers, {@code /three} fails with 500. */
    public static LocalHttpStub failingAtThree() {
        return new LocalHttpStub()
                .on("/one", Answer.json(200, "{\"token\": \"abc\"}"))
                .on("/two", Answer.json(200, "{\"ok\": true}"))
                .on("/three", new Answer(500, "text/plain", "target down"));
    }

    /** Makes {@code /three} answer with the query it was sent, so that a restart completes. */
    public static void repair(LocalHttpStub stub) {
        stub.on("/three", Answer.json(200, "{\"query\": \"{query}\"}"));
    }
}
