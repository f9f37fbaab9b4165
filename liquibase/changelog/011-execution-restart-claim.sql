--liquibase formatted sql

--changeset playbatch:011-execution-restart-claim
--comment: When a restart of this execution was claimed: a restart starts only by setting it (a compare-and-set), so two restart requests at once (a double click, a retried API call) start one restart, not two. A claim whose restart never got recorded (its process died) lapses after a minute.
ALTER TABLE execution ADD COLUMN restart_claimed_at TIMESTAMPTZ;
--rollback ALTER TABLE execution DROP COLUMN restart_claimed_at;
