package io.playbatch.report;

import io.playbatch.ledger.StoredEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An execution's events as their causal tree (docs/events.md#lineage, {@code parent_event_id}), flattened
 * depth-first with each event's depth, for the CLI's {@code events --tree} and the web console.
 * Roots are the events whose parent is not in the given list (execution_started, or the first
 * events of a page). Pure: works on the list it is given, queries nothing.
 */
public final class EventLineage {

    /** One event and how deep it sits under its root (0 for a root). */
    public record Entry(StoredEvent event, int depth) {
    }

    private EventLineage() {
    }

    /** The events in depth-first order, children in append order under their parent. */
    public static List<Entry> depthFirst(List<StoredEvent> events) {
        Map<Long, List<StoredEvent>> children = new LinkedHashMap<>();
        Set<Long> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.eventId()));
        List<StoredEvent> roots = new ArrayList<>();
        for (StoredEvent event : events) {
            if (event.parentEventId() != null && ids.contains(event.parentEventId())) {
                children.computeIfAbsent(event.parentEventId(), k -> new ArrayList<>()).add(event);
            } else {
                roots.add(event);
            }
        }
        // Iterative walk: a long run's tree can be deeper than the call stack allows.
        List<Entry> ordered = new ArrayList<>(events.size());
        Deque<Entry> stack = new ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            stack.push(new Entry(roots.get(i), 0));
        }
        while (!stack.isEmpty()) {
            Entry next = stack.pop();
            ordered.add(next);
            List<StoredEvent> kids = children.getOrDefault(next.event().eventId(), List.of());
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(new Entry(kids.get(i), next.depth() + 1));
            }
        }
        return ordered;
    }
}
