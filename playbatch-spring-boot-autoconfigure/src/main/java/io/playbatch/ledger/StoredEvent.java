package io.playbatch.ledger;

import java.time.Instant;
import java.util.Map;

/** An event as read back from the {@code event} table. */
public record StoredEvent(long eventId, long executionId, Long parentEventId, EventType type, String nodeId,
        String nodeName, String nodeType, Integer currentIndex, String status, Integer attempt,
        Map<String, Object> context, Object result, Object error, String workerId, Long durationMs,
        Instant createdAt) {
}
