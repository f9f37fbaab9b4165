package io.playbatch.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The former prefix batch.mcp.* keeps working for one release, under the new name, with a warning. */
class LegacyMcpPropertiesTest {

    private final List<String> warnings = new ArrayList<>();
    private final LegacyMcpProperties legacy = new LegacyMcpProperties(destination -> recordingLog());

    @Test
    void anOldPropertyAndAnOldVariableAreReadUnderTheirNewNamesAndLoggedOnce() {
        StandardEnvironment environment = environment(Map.of("batch.mcp.stdio.allowed-commands", "java,node"),
                Map.of("BATCH_MCP_VERIFYONREGISTER", "true"));

        legacy.apply(environment);
        legacy.apply(environment);

        Binder binder = Binder.get(environment);
        assertThat(binder.bind("playbatch.mcp.stdio.allowed-commands", Bindable.listOf(String.class)).get())
                .containsExactly("java", "node");
        assertThat(binder.bind("playbatch.mcp.verify-on-register", Boolean.class).get()).isTrue();
        // As an application's @Value sees it: Boot attaches the relaxed view first.
        ConfigurationPropertySources.attach(environment);
        assertThat(environment.getProperty("playbatch.mcp.verify-on-register")).isEqualTo("true");
        assertThat(warnings).singleElement().asString().contains("batch.mcp.stdio.allowed-commands")
                .contains("BATCH_MCP_VERIFYONREGISTER").contains("playbatch.mcp.*");
    }

    @Test
    void theNewNameWinsOverTheOld() {
        StandardEnvironment environment = environment(Map.of("batch.mcp.max-response-bytes", "10",
                "playbatch.mcp.max-response-bytes", "20"), Map.of());

        legacy.apply(environment);

        assertThat(environment.getProperty("playbatch.mcp.max-response-bytes")).isEqualTo("20");
    }

    @Test
    void withoutOldNamesNothingIsAddedOrLogged() {
        StandardEnvironment environment = environment(Map.of("playbatch.mcp.server.enabled", "true"), Map.of());
        int sources = environment.getPropertySources().size();

        legacy.apply(environment);

        assertThat(environment.getPropertySources().size()).isEqualTo(sources);
        assertThat(warnings).isEmpty();
    }

    private static StandardEnvironment environment(Map<String, Object> properties, Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables));
        return environment;
    }

    private Log recordingLog() {
        return (Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("warn")) {
                        warnings.add(String.valueOf(args[0]));
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }
}
