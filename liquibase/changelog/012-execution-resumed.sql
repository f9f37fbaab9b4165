--liquibase formatted sql

--changeset playbatch:012-execution-resumed-event-type
--comment: execution_resumed: a live process restarted an execution whose manager died (docs/operations.md#automatic-resume). The list is the one of 002 plus the new type.
ALTER TABLE event DROP CONSTRAINT event_type_ck;
ALTER TABLE event ADD CONSTRAINT event_type_ck CHECK (event_type IN (
    'execution_started', 'execution_complete', 'execution_abandoned', 'execution_resumed',
    'step_started', 'step_reused', 'step_completed', 'step_failed', 'step_skipped',
    'transition',
    'task_enqueued', 'task_leased', 'task_completed', 'task_failed', 'task_retry_scheduled', 'lease_expired',
    'loop_started', 'loop_iteration', 'loop_iteration_completed', 'loop_iteration_failed', 'loop_completed',
    'child_execution_started'));
--rollback DELETE FROM event WHERE event_type = 'execution_resumed';
--rollback ALTER TABLE event DROP CONSTRAINT event_type_ck;
--rollback ALTER TABLE event ADD CONSTRAINT event_type_ck CHECK (event_type IN ('execution_started', 'execution_complete', 'execution_abandoned', 'step_started', 'step_reused', 'step_completed', 'step_failed', 'step_skipped', 'transition', 'task_enqueued', 'task_leased', 'task_completed', 'task_failed', 'task_retry_scheduled', 'lease_expired', 'loop_started', 'loop_iteration', 'loop_iteration_completed', 'loop_iteration_failed', 'loop_completed', 'child_execution_started'));

--changeset playbatch:012-execution-manager-dead-index
--comment: The executions recovery ended because their manager died, by end time: what each resume pass scans (ExecutionRepository.resumable), never the whole FAILED history.
CREATE INDEX execution_manager_dead_idx ON execution (ended_at)
    WHERE status = 'FAILED' AND error ->> 'type' = 'manager_dead' AND parent_execution_id IS NULL;
--rollback DROP INDEX execution_manager_dead_idx;
