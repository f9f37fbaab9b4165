package io.playbatch.mcp.server;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The interim {@link ExposureReader}: {@code metadata.mcp.expose} and {@code metadata.mcp.input_schema}
 * read straight from the stored YAML source. Anything that is not {@code expose: true} hides the
 * playbook (opt-in). Thread-safe.
 */
public class SourceExposureReader implements ExposureReader {

    private final YAMLMapper yaml = YAMLMapper.builder().build();

    @Override
    @SuppressWarnings("unchecked")
    public McpExposure exposure(CatalogPlaybook playbook) {
        Object root;
        try {
            root = yaml.readValue(playbook.source(), Object.class);
        } catch (JacksonException e) {
            return McpExposure.HIDDEN;
        }
        Object metadata = root instanceof Map<?, ?> map ? map.get("metadata") : null;
        Object mcp = metadata instanceof Map<?, ?> map ? map.get("mcp") : null;
        if (!(mcp instanceof Map<?, ?> settings)) {
            return McpExposure.HIDDEN;
        }
        Object schema = settings.get("input_schema");
        return new McpExposure(Boolean.TRUE.equals(settings.get("expose")),
                schema instanceof Map<?, ?> ? (Map<String, Object>) schema : null);
    }
}
