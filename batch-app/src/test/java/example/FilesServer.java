package example;

/**
 * The stdio MCP server that {@code src/test/resources/playbooks/mcp/stdio-daily-logs.yaml} starts as
 * {@code java -cp <fixture_cp> example.FilesServer}: the test server's stdio variant.
 */
public final class FilesServer {

    private FilesServer() {
    }

    public static void main(String[] args) throws Exception {
        // stdout is the protocol: logging must not write there.
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.detachAndStopAllAppenders();
            root.setLevel(ch.qos.logback.classic.Level.OFF);
        }
        io.playbatch.mcp.McpTestServer.main(args);
    }
}
