package io.playbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.ids.IdCodec;
import io.playbatch.operate.RunHandle;
import io.playbatch.testsupport.LocalHttpStub;
import io.playbatch.testsupport.LocalHttpStub.Answer;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A start the server's admission line refuses (429) is sent again, within a bounded patience. */
class RemoteConnectionBusyTest {

    private static final String RESTART = "/api/v1/executions/" + IdCodec.format(7) + "/restart";
    private static final Answer BUSY = Answer.json(429,
            "{\"type\":\"https://playbatch.io/problems/too-many-starts\",\"status\":429,\"detail\":\"busy\"}");

    @Test
    void aRefusedStartIsSentAgainUntilTheServerAdmitsIt() {
        try (LocalHttpStub server = new LocalHttpStub()) {
            server.on(RESTART, BUSY, Answer.json(202, "{\"execution_id\":\"" + IdCodec.format(8)
                    + "\",\"run_id\":\"" + IdCodec.format(3) + "\"}"));
            RemoteConnection connection = new RemoteConnection(URI.create(server.baseUrl()), null, Duration.ofSeconds(30));

            RunHandle handle = connection.restart(7);

            assertThat(handle).isEqualTo(new RunHandle(8, 3));
            assertThat(server.calls(RESTART)).isEqualTo(2);
        }
    }

    @Test
    void aServerBusyBeyondThePatienceIsAnEnvironmentErrorThatNamesTheSetting() {
        try (LocalHttpStub server = new LocalHttpStub()) {
            server.on(RESTART, BUSY);
            RemoteConnection connection = new RemoteConnection(URI.create(server.baseUrl()), null, Duration.ZERO);

            assertThatThrownBy(() -> connection.restart(7)).isInstanceOf(RemoteServerException.class)
                    .hasMessageContaining("HTTP 429").hasMessageContaining("playbatch.admission.max-waiting");
            assertThat(server.calls(RESTART)).isEqualTo(1);
        }
    }
}
