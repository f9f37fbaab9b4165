package io.playbatch.mcp.server;

import io.modelcontextprotocol.util.DefaultMcpUriTemplateManagerFactory;
import io.modelcontextprotocol.util.McpUriTemplateManager;
import io.modelcontextprotocol.util.McpUriTemplateManagerFactory;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URI templates with one RFC 6570 reserved expansion at the end ({@code playbook://{+path}}), whose
 * value may contain {@code /} as catalog paths do ({@code examples/hello}); the SDK's default
 * templates stop a variable at {@code /}. Any other template is left to the SDK. Stateless.
 */
final class ReservedExpansionTemplates implements McpUriTemplateManagerFactory {

    private static final Pattern TRAILING_RESERVED = Pattern.compile("^([^{}]*)\\{\\+([A-Za-z0-9_]+)\\}$");

    private final McpUriTemplateManagerFactory fallback = new DefaultMcpUriTemplateManagerFactory();

    @Override
    public McpUriTemplateManager create(String uriTemplate) {
        Matcher matcher = TRAILING_RESERVED.matcher(uriTemplate);
        if (!matcher.matches()) {
            return fallback.create(uriTemplate);
        }
        String prefix = matcher.group(1);
        String variable = matcher.group(2);
        return new McpUriTemplateManager() {
            @Override
            public List<String> getVariableNames() {
                return List.of(variable);
            }

            @Override
            public Map<String, String> extractVariableValues(String uri) {
                return matches(uri) ? Map.of(variable, uri.substring(prefix.length())) : Map.of();
            }

            @Override
            public boolean matches(String uri) {
                return uri != null && uri.startsWith(prefix) && uri.length() > prefix.length();
            }

            @Override
            public boolean isUriTemplate(String uri) {
                return true;
            }
        };
    }
}
