package io.playbatch.compiler.ir;

import java.time.Duration;

/**
 * One model of {@code mcp.models}: configuration copied into every {@code model_turn} task of the
 * agent loops that use it. Reached over its HTTP API (OpenAI-compatible chat completions), not
 * through MCP sampling. {@code url}, {@code model} and {@code apiKey} may be templates; {@code apiKey}
 * is always a {@code $secrets} reference or null. Immutable.
 *
 * @param seed      passed through when not null
 * @param retry     model calls have no side effect: retried on 429, 5xx and timeouts (default 3 attempts, 5s)
 */
public record McpModelSpec(String name, String provider, String url, String model, String apiKey,
        double temperature, Long seed, int maxTokens, Duration timeout, RetrySpec retry) {

    public static final String OPENAI_CHAT = "openai_chat";
    public static final int DEFAULT_MAX_TOKENS = 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(5);
}
