--liquibase formatted sql

-- What listing and filtering executions needs at scale (issue 6): the playbook's metadata.labels
-- kept per execution (a playbook's labels may change between revisions; a run is filtered by the
-- labels it ran with), and indexes for the filters of `playbatch list` and GET /api/v1/executions.

--changeset playbatch:007-execution-labels
--comment: labels = the playbook's metadata.labels when the execution started ({} when none); the GIN index serves labels @> '{"k":"v"}'.
ALTER TABLE execution ADD COLUMN labels JSONB NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX execution_labels_idx ON execution USING GIN (labels jsonb_path_ops);
--rollback DROP INDEX execution_labels_idx;
--rollback ALTER TABLE execution DROP COLUMN labels;

--changeset playbatch:007-execution-list-indexes
--comment: The list is ordered by execution_id DESC; these serve the playbook+status filter and the run history of a playbook by status.
CREATE INDEX execution_playbook_status_idx ON execution (playbook_path, status, execution_id DESC);
--rollback DROP INDEX execution_playbook_status_idx;
