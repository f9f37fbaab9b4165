package io.playbatch.cli;

/** The CLI's exit codes (docs/cli.md). */
public final class ExitCodes {

    /** The command did what was asked; for {@code run}, the execution COMPLETED. */
    public static final int OK = 0;
    /** The run ended FAILED or STOPPED (details in the summary). */
    public static final int RUN_FAILED = 1;
    /** Bad usage or an invalid playbook: nothing was run. */
    public static final int USAGE = 2;
    /** The database could not be reached, started or migrated; or an MCP server the online check asks (MCP072). */
    public static final int ENVIRONMENT = 3;
    /** An unexpected internal error (a bug): the message asks for --verbose and a report. */
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }
}
