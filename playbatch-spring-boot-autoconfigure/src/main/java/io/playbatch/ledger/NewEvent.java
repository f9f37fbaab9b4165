package io.playbatch.ledger;

import java.util.Map;

/**
 * An event to append. Only {@code executionId} and {@code type} are required; the other fields
 * are null when they do not apply. JSON fields hold JSON-like values (maps, lists, strings,
 * numbers, booleans).
 */
public record NewEvent(long executionId, Long parentEventId, EventType type, String nodeId, String nodeName,
        String nodeType, Integer currentIndex, String status, Integer attempt, Map<String, Object> context,
        Object result, Object error, String workerId, Long durationMs) {

    public static Builder of(long executionId, EventType type) {
        return new Builder(executionId, type);
    }

    /** Builds a {@link NewEvent} field by field; the names read like the columns. */
    public static final class Builder {
        private final long executionId;
        private final EventType type;
        private Long parentEventId;
        private String nodeId;
        private String nodeName;
        private String nodeType;
        private Integer currentIndex;
        private String status;
        private Integer attempt;
        private Map<String, Object> context;
        private Object result;
        private Object error;
        private String workerId;
        private Long durationMs;

        private Builder(long executionId, EventType type) {
            this.executionId = executionId;
            this.type = type;
        }

        public Builder parent(Long parentEventId) { this.parentEventId = parentEventId; return this; }
        public Builder node(String nodeName, String nodeType) {
            this.nodeId = nodeName; this.nodeName = nodeName; this.nodeType = nodeType; return this;
        }
        public Builder nodeId(String nodeId) { this.nodeId = nodeId; return this; }
        public Builder index(Integer currentIndex) { this.currentIndex = currentIndex; return this; }
        public Builder status(String status) { this.status = status; return this; }
        public Builder attempt(Integer attempt) { this.attempt = attempt; return this; }
        public Builder context(Map<String, Object> context) { this.context = context; return this; }
        public Builder result(Object result) { this.result = result; return this; }
        public Builder error(Object error) { this.error = error; return this; }
        public Builder worker(String workerId) { this.workerId = workerId; return this; }
        public Builder duration(Long durationMs) { this.durationMs = durationMs; return this; }

        public NewEvent build() {
            return new NewEvent(executionId, parentEventId, type, nodeId, nodeName, nodeType, currentIndex, status,
                    attempt, context, result, error, workerId, durationMs);
        }
    }
}
