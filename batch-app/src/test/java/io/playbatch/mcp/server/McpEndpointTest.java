package io.playbatch.mcp.server;

import io.playbatch.catalog.PlaybookRevisions;
import io.playbatch.testsupport.PlaybookRunTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What tests of /mcp share: the port of the running server and the recording of test playbooks.
 * Subclasses keep their own {@code @SpringBootTest} properties and {@code @DynamicPropertySource}.
 */
abstract class McpEndpointTest extends PlaybookRunTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected PlaybookRevisions revisions;

    /** Makes a test playbook under playbooks/mcp known, as running it once would. */
    protected void register(String file) {
        McpTestClients.register(revisions, file);
    }
}
