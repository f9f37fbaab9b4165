package io.playbatch.web;

import io.playbatch.report.TimelineSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The Gantt chart of an execution as the template draws it in SVG: one row per step and, indented
 * under its step, one per loop partition, with each bar's position as a fraction of the execution's
 * time span (a bar still running ends "now"), and a few time ticks. Pure geometry, no queries.
 */
public record GanttChart(List<Row> rows, List<Tick> ticks, long spanMs, int height) {

    /** Width of the label column and of the bar area, in SVG user units (the chart is 1000 wide; room is left right of the bars for the last tick label). */
    public static final int LABEL_WIDTH = 240;
    public static final int BAR_WIDTH = 720;
    public static final int ROW_HEIGHT = 22;
    public static final int AXIS_HEIGHT = 24;

    /** One bar: label, kind (step/partition), status, SVG x/width/y and a tooltip. */
    public record Row(String label, String kind, String step, String status, boolean running, double x, double width,
            int y, String tooltip) {
    }

    /** A vertical grid line at {@code x} labelled with the time since the start. */
    public record Tick(double x, String label) {
    }

    /**
     * The chart of {@code spans}, step rows in {@code stepOrder} (the playbook's order; steps not in
     * it follow in start order), each followed by its partitions; running bars end at {@code now}.
     */
    public static GanttChart of(List<TimelineSpan> spans, List<String> stepOrder, Instant now, ConsoleFormat format) {
        List<TimelineSpan> ordered = ordered(spans, stepOrder);
        Instant start = ordered.stream().map(TimelineSpan::start).filter(Objects::nonNull).min(Instant::compareTo)
                .orElse(now);
        Instant end = ordered.stream().map(s -> s.end() == null ? now : s.end()).max(Instant::compareTo).orElse(now);
        long span = Math.max(1, Duration.between(start, end).toMillis());
        List<Row> rows = new ArrayList<>();
        int y = AXIS_HEIGHT;
        for (TimelineSpan s : ordered) {
            Instant from = s.start() == null ? start : s.start();
            Instant to = s.end() == null ? now : s.end();
            double x = LABEL_WIDTH + BAR_WIDTH * (Duration.between(start, from).toMillis() / (double) span);
            // Zero-length bars (reused steps, instant steps) stay visible as a 2-unit sliver.
            double width = Math.max(2, BAR_WIDTH * (Duration.between(from, to).toMillis() / (double) span));
            width = Math.min(width, LABEL_WIDTH + BAR_WIDTH - x + 2);
            boolean partition = "partition".equals(s.kind());
            String label = partition ? s.name() : s.step();
            String tooltip = (partition ? s.step() + " " + s.name() : s.step()) + ": " + s.status() + ", "
                    + format.time(s.start()) + (s.end() == null ? " (running)" : ", " + format.duration(s.durationMs()));
            rows.add(new Row(label, s.kind(), s.step(), s.status(), s.end() == null, round(x), round(width), y,
                    tooltip));
            y += ROW_HEIGHT;
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            ticks.add(new Tick(round(LABEL_WIDTH + BAR_WIDTH * i / 4.0), "+" + format.duration(span * i / 4)));
        }
        return new GanttChart(List.copyOf(rows), List.copyOf(ticks), span, y + 4);
    }

    /** Steps in playbook order, each followed by its partitions. */
    private static List<TimelineSpan> ordered(List<TimelineSpan> spans, List<String> stepOrder) {
        List<TimelineSpan> steps = spans.stream().filter(s -> !"partition".equals(s.kind()))
                .sorted(Comparator.comparingInt(s -> {
                    int index = stepOrder.indexOf(s.step());
                    return index < 0 ? Integer.MAX_VALUE : index;
                })).toList();
        List<TimelineSpan> ordered = new ArrayList<>();
        for (TimelineSpan step : steps) {
            ordered.add(step);
            spans.stream().filter(s -> "partition".equals(s.kind()) && step.step().equals(s.step()))
                    .forEach(ordered::add);
        }
        spans.stream().filter(s -> "partition".equals(s.kind()) && !ordered.contains(s)).forEach(ordered::add);
        return ordered;
    }

    private static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.2f", value));
    }
}
