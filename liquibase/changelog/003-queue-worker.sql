--liquibase formatted sql

-- What the work queue needs beyond 002-queue (issue #4): the lineage of later task events, the
-- iteration index of loop rows, and the retry backoff travelling with the row, so that any worker
-- process (not only the one that enqueued) can schedule a retry.

--changeset playbatch:003-queue-worker-columns
--comment: enqueued_event_id is the task_enqueued event, the parent of every later event of the row (deferred: the row is inserted with the event id reserved, the event right after, in one transaction); current_index is the loop iteration (null for a plain step); the backoff columns are the step's RetrySpec.
ALTER TABLE queue
    ADD COLUMN enqueued_event_id  BIGINT,
    ADD COLUMN current_index      INT,
    ADD COLUMN backoff_initial_ms BIGINT           NOT NULL DEFAULT 0,
    ADD COLUMN backoff_multiplier DOUBLE PRECISION NOT NULL DEFAULT 1,
    ADD COLUMN backoff_max_ms     BIGINT           NOT NULL DEFAULT 0,
    ADD CONSTRAINT queue_enqueued_event_fk FOREIGN KEY (enqueued_event_id) REFERENCES event (event_id)
        DEFERRABLE INITIALLY DEFERRED,
    ADD CONSTRAINT queue_index_ck CHECK (current_index IS NULL OR current_index >= 0),
    ADD CONSTRAINT queue_backoff_ck CHECK (backoff_initial_ms >= 0 AND backoff_multiplier >= 1 AND backoff_max_ms >= 0);
--rollback ALTER TABLE queue DROP CONSTRAINT queue_backoff_ck, DROP CONSTRAINT queue_index_ck, DROP CONSTRAINT queue_enqueued_event_fk, DROP COLUMN backoff_max_ms, DROP COLUMN backoff_multiplier, DROP COLUMN backoff_initial_ms, DROP COLUMN current_index, DROP COLUMN enqueued_event_id;
