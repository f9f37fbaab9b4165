package io.playbatch.cli;

import io.playbatch.ids.IdCodec;
import io.playbatch.json.JsonCodec;
import io.playbatch.ledger.StoredEvent;
import io.playbatch.report.EventLineage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code playbatch events EXECUTION_ID [--tree]}: the event log of an execution, flat or as its causal tree. */
@Command(name = "events", description = "Print an execution's events in order, or with --tree as the causal tree.")
class EventsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "The execution.")
    String executionId;

    @Option(names = "--tree", description = "Indent each event under the event that caused it (parent_event_id).")
    boolean tree;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "Print at most N events (default 1000); a loop writes several per iteration.")
    int limit;

    @Option(names = "--json", description = "Print JSON (ids as strings).")
    boolean json;

    @Mixin
    ServerOptions server;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        long id = IdCodec.parse("EXECUTION_ID", executionId);
        if (limit < 1) {
            throw new UsageException("--limit must be 1 or more");
        }
        try (OperatorConnection connection = OperatorConnection.open(server, database)) {
            List<StoredEvent> events = connection.events(id);
            List<StoredEvent> shown = events.subList(0, Math.min(limit, events.size()));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(new JsonCodec().writePretty(shown.stream().map(EventsCommand::toJson).toList()));
            } else if (tree) {
                printTree(out, shown);
            } else {
                shown.forEach(e -> out.println(line(e)));
            }
            if (events.size() > shown.size()) {
                spec.commandLine().getErr().println("(" + (events.size() - shown.size())
                        + " more events; raise --limit to see them)");
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** Roots are events whose parent is not in the list (execution_started, or a cut by --limit). */
    private static void printTree(PrintWriter out, List<StoredEvent> events) {
        for (EventLineage.Entry entry : EventLineage.depthFirst(events)) {
            out.println("  ".repeat(entry.depth()) + line(entry.event()));
        }
    }

    private static String line(StoredEvent e) {
        StringBuilder line = new StringBuilder().append(e.eventId()).append(' ').append(e.type().code());
        if (e.nodeId() != null) {
            line.append(' ').append(e.nodeId());
        }
        if (e.context() != null && e.context().get("to") != null) {
            line.append(" -> ").append(e.context().get("to"));
        }
        if (e.status() != null) {
            line.append(" status=").append(e.status());
        }
        if (e.attempt() != null) {
            line.append(" attempt=").append(e.attempt());
        }
        if (e.durationMs() != null) {
            line.append(" duration_ms=").append(e.durationMs());
        }
        if (e.error() instanceof Map<?, ?> error && error.get("message") != null) {
            line.append(" error=\"").append(String.valueOf(error.get("message")).replaceAll("\\s+", " ")).append('"');
        }
        return line.append(' ').append(e.createdAt()).toString();
    }

    private static Map<String, Object> toJson(StoredEvent e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event_id", IdCodec.format(e.eventId()));
        json.put("parent_event_id", IdCodec.format(e.parentEventId()));
        json.put("event_type", e.type().code());
        json.put("node_id", e.nodeId());
        json.put("node_name", e.nodeName());
        json.put("current_index", e.currentIndex());
        json.put("status", e.status());
        json.put("attempt", e.attempt());
        json.put("worker_id", e.workerId());
        json.put("duration_ms", e.durationMs());
        json.put("context", e.context());
        json.put("result", e.result());
        json.put("error", e.error());
        json.put("created_at", e.createdAt().toString());
        return json;
    }
}
