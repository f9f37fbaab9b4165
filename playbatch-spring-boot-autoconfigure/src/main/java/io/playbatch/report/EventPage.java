package io.playbatch.report;

import io.playbatch.ledger.StoredEvent;
import java.util.List;

/**
 * One page of an execution's events in append order. {@code nextAfter} is the event id to continue
 * after, or null when this is the last page; it is found by reading one event more than asked, so a
 * log whose length is a multiple of the page size does not end with an empty page.
 */
public record EventPage(List<StoredEvent> events, Long nextAfter) {

    public EventPage {
        events = List.copyOf(events);
    }

    /** The page of {@code rows}, read with one row more than {@code limit} to tell whether more follow. */
    static EventPage of(List<StoredEvent> rows, int limit) {
        if (rows.size() <= limit) {
            return new EventPage(rows, null);
        }
        List<StoredEvent> page = rows.subList(0, limit);
        return new EventPage(page, page.get(limit - 1).eventId());
    }
}
