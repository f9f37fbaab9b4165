--liquibase formatted sql

--changeset playbatch:010-schedule-fire-claimant
--comment: Who holds a claimed or queued tick (a token per firing), so that Quartz's recovery of a firing whose process died can take the tick over, and the old holder, should it only have paused, cannot also start it: a holder starts the run only after moving its tick from claimed/queued to starting with its own token.
ALTER TABLE schedule_fire ADD COLUMN claimant VARCHAR(64);
ALTER TABLE schedule_fire ADD COLUMN starting_at TIMESTAMPTZ;
ALTER TABLE schedule_fire DROP CONSTRAINT schedule_fire_outcome_ck;
ALTER TABLE schedule_fire ADD CONSTRAINT schedule_fire_outcome_ck
    CHECK (outcome IN ('claimed', 'queued', 'starting', 'started', 'skipped', 'failed'));
--rollback UPDATE schedule_fire SET outcome = 'failed', message = 'rolled back while starting' WHERE outcome = 'starting';
--rollback ALTER TABLE schedule_fire DROP CONSTRAINT schedule_fire_outcome_ck;
--rollback ALTER TABLE schedule_fire ADD CONSTRAINT schedule_fire_outcome_ck CHECK (outcome IN ('claimed', 'queued', 'started', 'skipped', 'failed'));
--rollback ALTER TABLE schedule_fire DROP COLUMN starting_at;
--rollback ALTER TABLE schedule_fire DROP COLUMN claimant;
