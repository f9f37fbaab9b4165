package io.playbatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.PlaybookGraph;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GraphPictureTest {

    private final PlaybookGraph choice = new PlaybookCompiler().compile(Path.of("../job-configs/examples/choice.yaml"))
            .graph().orElseThrow();

    @Test
    void layersFollowTheLongestPathFromStartAndBranchesSitSideBySide() {
        GraphPicture picture = GraphPicture.of(choice, Map.of());
        Map<String, GraphPicture.Node> nodes = picture.nodes().stream()
                .collect(Collectors.toMap(GraphPicture.Node::name, Function.identity()));

        assertThat(nodes.get("start").y()).isLessThan(nodes.get("bulk_load").y());
        assertThat(nodes.get("bulk_load").y()).isEqualTo(nodes.get("small_load").y())
                .isEqualTo(nodes.get("nothing_to_do").y()).isLessThan(nodes.get("summary").y());
        assertThat(nodes.get("summary").y()).isLessThan(nodes.get("end").y());
        assertThat(nodes.values().stream().filter(n -> n.y() == nodes.get("bulk_load").y()).map(GraphPicture.Node::x)
                .distinct()).hasSize(3);
        assertThat(picture.width()).isGreaterThanOrEqualTo(3 * GraphPicture.NODE_WIDTH);
        assertThat(picture.height()).isGreaterThan(nodes.get("end").y());
        assertThat(nodes.get("bulk_load").label()).isEqualTo("log");
        assertThat(nodes.get("start").label()).isEmpty();
        assertThat(nodes.get("start").kind()).isEqualTo("start");
    }

    @Test
    void conditionsLabelTheirArrowsAndStatusesColourTheSteps() {
        GraphPicture picture = GraphPicture.of(choice, Map.of("small_load", "completed", "start", "completed"));

        assertThat(picture.links()).anySatisfy(l -> {
            assertThat(l.from()).isEqualTo("start");
            assertThat(l.to()).isEqualTo("small_load");
            assertThat(l.kind()).isEqualTo("else");
            assertThat(l.label()).isEqualTo("else");
        });
        assertThat(picture.links()).anySatisfy(l -> {
            assertThat(l.to()).isEqualTo("bulk_load");
            assertThat(l.kind()).isEqualTo("when");
            assertThat(l.label()).startsWith("$workload.rows >");
            assertThat(l.y1()).isLessThan(l.y2());
        });
        assertThat(picture.nodes()).filteredOn(n -> n.status() != null).extracting(GraphPicture.Node::name)
                .containsExactlyInAnyOrder("start", "small_load");
    }
}
