package io.playbatch.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.util.introspection.Info;
import org.apache.velocity.util.introspection.Uberspect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uberspector on its own, without the inspection that runs before it: the allowlist by kind of
 * value is enough to stop an escape. A plain Velocity engine, the control, shows the attempt is real.
 */
class SandboxUberspectorTest {

    private static final Info HERE = new Info("test", 1, 1);
    private static final String ESCAPE = "#set($s = 'a')$s.getClass().forName('java.lang.Runtime').getRuntime()"
            + ".exec('touch %s').waitFor()";

    @TempDir
    Path directory;

    private static Uberspect uberspect() {
        RuntimeInstance velocity = new RuntimeInstance();
        velocity.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, SandboxUberspector.class.getName());
        velocity.init();
        return velocity.getUberspect();
    }

    @Test
    void withoutTheSandboxTheEscapeRunsACommand() {
        Path marker = directory.resolve("control");
        RuntimeInstance plain = new RuntimeInstance();
        plain.init();

        plain.evaluate(new VelocityContext(), new StringWriter(), "control", ESCAPE.formatted(marker));

        assertThat(marker).exists();
    }

    @Test
    void withOnlyTheUberspectorTheEscapeIsRefused() {
        Path marker = directory.resolve("marker");
        RuntimeInstance sandboxed = new RuntimeInstance();
        sandboxed.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, SandboxUberspector.class.getName());
        sandboxed.init();

        assertThatThrownBy(() -> sandboxed.evaluate(new VelocityContext(), new StringWriter(), "escape",
                ESCAPE.formatted(marker))).isInstanceOf(TemplateRefusedException.class)
                .hasMessageContaining("`getClass(...)` on a string");
        assertThat(marker).doesNotExist();
    }

    @Test
    void methodsAreAllowedByKindOfValue() throws Exception {
        Uberspect uberspect = uberspect();

        assertThat(uberspect.getMethod("abc", "toUpperCase", new Object[0], HERE).invoke("abc", new Object[0]))
                .isEqualTo("ABC");
        assertThat(uberspect.getMethod(List.of(1), "size", new Object[0], HERE)).isNotNull();
        assertThatThrownBy(() -> uberspect.getMethod(List.of(1), "toUpperCase", new Object[0], HERE))
                .isInstanceOf(TemplateRefusedException.class).hasMessageContaining("on a list");
        assertThatThrownBy(() -> uberspect.getMethod(String.class, "forName", new Object[] {"java.lang.Runtime"}, HERE))
                .isInstanceOf(TemplateRefusedException.class).hasMessageContaining("no method");
        assertThatThrownBy(() -> uberspect.getMethod(new Object(), "hashCode", new Object[0], HERE))
                .isInstanceOf(TemplateRefusedException.class);
        assertThatThrownBy(() -> uberspect.getMethod(1, "getClass", new Object[0], HERE))
                .isInstanceOf(TemplateRefusedException.class).hasMessageContaining("on a number");
    }

    @Test
    void propertiesAreMapKeysOrAllowedGetters() throws Exception {
        Uberspect uberspect = uberspect();
        Map<String, Object> map = Map.of("class", "a key", "name", "ada");

        assertThat(uberspect.getPropertyGet(map, "class", HERE).invoke(map)).isEqualTo("a key");
        assertThat(uberspect.getPropertyGet(map, "size", HERE).invoke(map)).isEqualTo(2);
        assertThat(uberspect.getPropertyGet("abc", "empty", HERE).invoke("abc")).isEqualTo(false);
        assertThatThrownBy(() -> uberspect.getPropertyGet("abc", "class", HERE))
                .isInstanceOf(TemplateRefusedException.class).hasMessageContaining("`getClass()`");
        assertThatThrownBy(() -> uberspect.getPropertyGet("abc", "bytes", HERE))
                .isInstanceOf(TemplateRefusedException.class);
        assertThatThrownBy(() -> uberspect.getPropertySet(new java.util.HashMap<>(), "x", 1, HERE))
                .isInstanceOf(TemplateRefusedException.class).hasMessageContaining("only read");
    }

    @Test
    void foreachWalksListsAndMapsOnly() {
        Uberspect uberspect = uberspect();

        assertThat(uberspect.getIterator(List.of(1, 2), HERE)).toIterable().containsExactly(1, 2);
        assertThat(uberspect.getIterator(Map.of("a", 1), HERE)).toIterable().containsExactly(1);
        assertThatThrownBy(() -> uberspect.getIterator("abc", HERE)).isInstanceOf(TemplateRefusedException.class);
        assertThatThrownBy(() -> uberspect.getIterator(new int[] {1}, HERE))
                .isInstanceOf(TemplateRefusedException.class);
    }
}
