package io.playbatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.report.TimelineSpan;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Gantt chart's geometry: bars proportional to time, playbook order, partitions under their step. */
class GanttChartTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void barsAreProportionalToTimeInPlaybookOrderWithPartitionsUnderTheirStep() {
        List<TimelineSpan> spans = List.of(
                new TimelineSpan("step", "loop", "loop", "completed", T0.plusMillis(500), T0.plusMillis(1000), 500L),
                new TimelineSpan("step", "first", "first", "completed", T0, T0.plusMillis(500), 500L),
                new TimelineSpan("partition", "loop", "range-0-4", "completed", T0.plusMillis(500), T0.plusMillis(750), 250L));

        GanttChart chart = GanttChart.of(spans, List.of("start", "first", "loop"), T0.plusSeconds(5), new ConsoleFormat());

        assertThat(chart.rows()).extracting(GanttChart.Row::label).containsExactly("first", "loop", "range-0-4");
        assertThat(chart.spanMs()).isEqualTo(1000);
        GanttChart.Row first = chart.rows().get(0);
        assertThat(first.x()).isEqualTo(GanttChart.LABEL_WIDTH);
        assertThat(first.width()).isEqualTo(GanttChart.BAR_WIDTH / 2.0);
        GanttChart.Row partition = chart.rows().get(2);
        assertThat(partition.x()).isEqualTo(GanttChart.LABEL_WIDTH + GanttChart.BAR_WIDTH / 2.0);
        assertThat(partition.width()).isEqualTo(GanttChart.BAR_WIDTH / 4.0);
        assertThat(partition.kind()).isEqualTo("partition");
        assertThat(chart.ticks()).extracting(GanttChart.Tick::label).containsExactly("+0 ms", "+250 ms", "+500 ms",
                "+750 ms", "+1.00 s");
    }

    @Test
    void aRunningStepEndsNowAndAnInstantStepStaysVisible() {
        Instant now = T0.plusMillis(2000);
        List<TimelineSpan> spans = List.of(
                new TimelineSpan("step", "reused", "reused", "reused", T0, T0, 0L),
                new TimelineSpan("step", "busy", "busy", "started", T0.plusMillis(1000), null, null));

        GanttChart chart = GanttChart.of(spans, List.of("reused", "busy"), now, new ConsoleFormat());

        GanttChart.Row busy = chart.rows().get(1);
        assertThat(busy.running()).isTrue();
        assertThat(busy.x() + busy.width()).isEqualTo(GanttChart.LABEL_WIDTH + GanttChart.BAR_WIDTH);
        assertThat(busy.tooltip()).contains("(running)");
        assertThat(chart.rows().get(0).width()).isEqualTo(2);
    }
}
