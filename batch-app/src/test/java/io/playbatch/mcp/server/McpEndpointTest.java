package io.playbatch.mcp.server;

import io.playbatch.testsupport.PlaybookRunTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What tests of /mcp share: the port of the running server and the registration of test playbooks.
 * Subclasses keep their own {@code @SpringBootTest} properties and {@code @DynamicPropertySource}.
 */
abstract class McpEndpointTest extends PlaybookRunTest {

    @LocalServerPort
    protected int port;

    /** Registers a test playbook under playbooks/mcp (playbatch register). */
    protected void register(String file) {
        operations.register(McpTestClients.PLAYBOOKS.resolve(file));
    }
}
