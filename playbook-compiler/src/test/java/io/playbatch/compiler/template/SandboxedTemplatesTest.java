package io.playbatch.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxedTemplatesTest {

    private final SandboxedTemplates templates = SandboxedTemplates.forRendering(TemplateLimits.defaults());

    private String render(String text, Map<String, Object> variables) {
        return templates.render("test", text, templates.newContext(variables));
    }

    @Test
    void documentedFeaturesStillRender() {
        Map<String, Object> vars = Map.of("workload", Map.of("items", List.of("a", "b", "c"), "name", " Ada ",
                "count", 3, "class", "key named class"));
        assertThat(render("$workload.items.size() $workload.items.size #foreach($i in $workload.items)$i#if($foreach.hasNext),#end#end",
                vars)).isEqualTo("3 3 a,b,c");
        assertThat(render("#set($n = $workload.name.trim())${n.toUpperCase()} $workload.name.trim().length()"
                + " $workload.items[1] $workload.items.get(2) #if($workload.count > 2)big#end", vars))
                .isEqualTo("ADA 3 b c big");
        assertThat(render("$workload.get('class')", vars)).isEqualTo("key named class");
        assertThat(render("#foreach($e in $workload.entrySet())#if($e.key == 'count')$e.value#end#end",
                Map.of("workload", Map.of("count", 7)))).isEqualTo("7");
        assertThat(render("#foreach($i in [1..3])$foreach.index:$foreach.count:$foreach.first:$foreach.last #end",
                vars)).isEqualTo("0:1:true:false 1:2:false:false 2:3:false:true ");
        assertThat(render("$workload.name.substring(1, 3).replace('d', 'D').startsWith('A')", vars)).isEqualTo("true");
    }

    @Test
    void theDeepestAllowedTemplateParsesAndRendersOnASmallStack() throws InterruptedException {
        SandboxedTemplates deepest = SandboxedTemplates.forRendering(
                TemplateLimits.defaults().withDepth(TemplateLimits.MAX_DEPTH));
        int levels = TemplateLimits.MAX_DEPTH - 1;
        String nestedIfs = "#if(true)".repeat(levels) + "deep" + "#end".repeat(levels);
        String brackets = "#set($n = " + "(".repeat(levels - 1) + "1" + ")".repeat(levels - 1) + ")$n";
        String[] rendered = new String[2];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(null, () -> {
            try {
                rendered[0] = deepest.render("ifs", nestedIfs, deepest.newContext(Map.of()));
                rendered[1] = deepest.render("brackets", brackets, deepest.newContext(Map.of()));
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack", 512 * 1024);
        thread.start();
        thread.join();

        assertThat(failure[0]).isNull();
        assertThat(rendered).containsExactly("deep", "1");
    }

    @Test
    void theDepthLimitCannotBeRaisedToWhereTheParserOverflows() {
        assertThatThrownBy(() -> TemplateLimits.defaults().withDepth(TemplateLimits.MAX_DEPTH + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set it to 100 or less");
    }

    @Test
    void aHugeRangeIsStoppedByTheIterationLimitWithoutFillingTheHeap() {
        SandboxedTemplates small = SandboxedTemplates.forRendering(new TemplateLimits(50, 1000, 100));

        assertThatThrownBy(() -> small.render("range", "#foreach($i in [1..2000000000])#end",
                small.newContext(Map.of()))).isInstanceOf(TemplateRefusedException.class)
                .hasMessageContaining("more than 100 items");
    }

    @Test
    void getClassIsRefusedOnEveryKind() {
        Map<String, Object> vars = Map.of("workload", Map.of("items", List.of("a"), "n", 1));
        for (String attempt : List.of("#set($s = 'a')$s.getClass()", "#set($s = 'a')$s.class",
                "$workload.getClass()", "$workload.items.getClass()", "$workload.n.getClass()",
                "#set($s = 'a')$s.class.forName('java.lang.Runtime')", "$workload.items.iterator()",
                "#foreach($e in $workload.entrySet())$e.getClass()#end", "$foreach.getClass()")) {
            assertThatThrownBy(() -> render(attempt, vars)).as(attempt).isInstanceOf(TemplateRefusedException.class);
        }
    }
}
