--liquibase formatted sql

-- What the operator verbs of issue 6 need (stop, recover): the process that manages an execution
-- (runs its Spring Batch job) beats a heartbeat on the execution row while it runs; an execution
-- still STARTING or STARTED whose heartbeat is stale and whose queue rows hold no live lease is
-- dead and is recovered (docs/state-machine.md).

--changeset playbatch:005-execution-manager-heartbeat
--comment: manager_id is the process (hostname:pid:launcher) running the execution's job; manager_heartbeat_at is refreshed every playbatch.manager.heartbeat while it runs.
ALTER TABLE execution
    ADD COLUMN manager_id           VARCHAR(200),
    ADD COLUMN manager_heartbeat_at TIMESTAMPTZ;
-- Recovery scans only the executions still running; the partial index keeps that scan small.
CREATE INDEX execution_running_idx ON execution (manager_heartbeat_at) WHERE status IN ('STARTING', 'STARTED');
--rollback DROP INDEX execution_running_idx;
--rollback ALTER TABLE execution DROP COLUMN manager_heartbeat_at, DROP COLUMN manager_id;
