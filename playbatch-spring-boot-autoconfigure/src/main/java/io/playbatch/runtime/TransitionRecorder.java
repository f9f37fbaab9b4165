package io.playbatch.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.playbatch.compiler.ir.Edge;
import io.playbatch.ledger.AppendResult;
import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records every broker decision (the workflow moving along an edge): a {@code transition} event,
 * the {@code playbatch.broker.transitions} counter tagged by playbook, edge ends and kind, and one structured
 * log line. Thread-safe.
 */
@Component
public class TransitionRecorder {

    private static final Logger log = LoggerFactory.getLogger("playbatch.broker");

    private final EventLedger ledger;
    private final MeterRegistry meters;

    public TransitionRecorder(EventLedger ledger, MeterRegistry meters) {
        this.ledger = ledger;
        this.meters = meters;
    }

    public AppendResult record(String playbook, long executionId, long causeEventId, Edge edge) {
        AppendResult appended = ledger.append(event(executionId, causeEventId, edge));
        recorded(playbook, executionId, edge, appended);
        return appended;
    }

    /** The {@code transition} event along {@code edge}, for a writer that appends it with other events. */
    NewEvent event(long executionId, long causeEventId, Edge edge) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("from", edge.from());
        context.put("to", edge.to());
        context.put("kind", kind(edge));
        context.put("condition", edge.condition());
        return NewEvent.of(executionId, EventType.TRANSITION).node(edge.from(), "transition").parent(causeEventId)
                .context(context).build();
    }

    /** The counter and the log line of a transition the ledger holds. */
    void recorded(String playbook, long executionId, Edge edge, AppendResult appended) {
        String kind = kind(edge);
        meters.counter("playbatch.broker.transitions", "playbook", playbook, "from", edge.from(), "to", edge.to(),
                "kind", kind).increment();
        log.info("transition execution_id={} from={} to={} kind={} condition=\"{}\" event_id={}", executionId,
                edge.from(), edge.to(), kind, edge.condition() == null ? "" : edge.condition(), appended.eventId());
    }

    private static String kind(Edge edge) {
        return edge.kind().name().toLowerCase(Locale.ROOT);
    }
}
