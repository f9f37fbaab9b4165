--liquibase formatted sql

--changeset playbatch:006-playbook
--comment: The catalog of registered playbooks (playbatch register): each path's current revision, with what listings show.
CREATE TABLE playbook (
    playbook_path  VARCHAR(400)  NOT NULL,
    revision       VARCHAR(64)   NOT NULL,
    name           VARCHAR(200)  NOT NULL,
    description    TEXT,
    labels         JSONB         NOT NULL DEFAULT '{}'::jsonb,
    source_file    VARCHAR(1000),
    registered_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT playbook_pk PRIMARY KEY (playbook_path),
    CONSTRAINT playbook_revision_fk FOREIGN KEY (playbook_path, revision)
        REFERENCES playbook_revision (playbook_path, revision)
);
ALTER TABLE playbook_revision ADD COLUMN registered_at TIMESTAMPTZ;
--rollback ALTER TABLE playbook_revision DROP COLUMN registered_at;
--rollback DROP TABLE playbook;

--changeset playbatch:006-schedule
--comment: The schedules of registered playbooks (one row per schedules[] entry; Quartz holds their triggers), and every tick they fired, one row per (schedule, tick) so that no tick starts two runs.
CREATE TABLE schedule (
    schedule_id    VARCHAR(420)  NOT NULL,
    playbook_path  VARCHAR(400)  NOT NULL,
    position       INTEGER       NOT NULL,
    cron           VARCHAR(200)  NOT NULL,
    quartz_cron    VARCHAR(200)  NOT NULL,
    timezone       VARCHAR(80)   NOT NULL,
    missed         VARCHAR(8)    NOT NULL,
    overlap        VARCHAR(8)    NOT NULL,
    active_since   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT schedule_pk PRIMARY KEY (schedule_id),
    CONSTRAINT schedule_position_uq UNIQUE (playbook_path, position),
    CONSTRAINT schedule_playbook_fk FOREIGN KEY (playbook_path) REFERENCES playbook (playbook_path) ON DELETE CASCADE,
    CONSTRAINT schedule_missed_ck CHECK (missed IN ('none', 'last', 'all')),
    CONSTRAINT schedule_overlap_ck CHECK (overlap IN ('skip', 'queue', 'allow'))
);
CREATE TABLE schedule_fire (
    fire_id        BIGINT        GENERATED ALWAYS AS IDENTITY,
    schedule_id    VARCHAR(420)  NOT NULL,
    tick_at        TIMESTAMPTZ   NOT NULL,
    fired_by       VARCHAR(10)   NOT NULL,
    outcome        VARCHAR(10)   NOT NULL,
    execution_id   BIGINT,
    message        TEXT,
    fired_at       TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT schedule_fire_pk PRIMARY KEY (fire_id),
    CONSTRAINT schedule_fire_execution_fk FOREIGN KEY (execution_id) REFERENCES execution (execution_id),
    CONSTRAINT schedule_fire_by_ck CHECK (fired_by IN ('scheduler', 'missed', 'backfill')),
    CONSTRAINT schedule_fire_outcome_ck CHECK (outcome IN ('claimed', 'queued', 'started', 'skipped', 'failed'))
);
-- The guarantee: the scheduler (and its catch-up of missed ticks) starts at most one run per tick,
-- however many processes fire it. A backfill is an operator asking again, so it is not bound by it.
CREATE UNIQUE INDEX schedule_fire_tick_uq ON schedule_fire (schedule_id, tick_at) WHERE fired_by <> 'backfill';
-- At most one tick of a schedule waits for the previous run (overlap: queue).
CREATE UNIQUE INDEX schedule_fire_one_queued_uq ON schedule_fire (schedule_id) WHERE outcome = 'queued';
CREATE INDEX schedule_fire_schedule_idx ON schedule_fire (schedule_id, tick_at DESC);
CREATE INDEX schedule_fire_execution_idx ON schedule_fire (execution_id) WHERE execution_id IS NOT NULL;
--rollback DROP TABLE schedule_fire;
--rollback DROP TABLE schedule;
