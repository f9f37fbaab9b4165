package io.playbatch.agent;

/**
 * A failure that ends an agent loop, with the {@code error.type} its step fails with
 * ({@code render_error}, {@code agent_limit_reached}, {@code mcp_output_invalid}, ...). Checked, so
 * that the tasklet running the loop cannot forget to close the loop in the ledger.
 */
public final class AgentLoopFailure extends Exception {

    private final String type;

    public AgentLoopFailure(String type, String message) {
        super(message);
        this.type = type;
    }

    /** The {@code error.type} of the step's failure. */
    public String type() {
        return type;
    }
}
