--liquibase formatted sql

--changeset playbatch:004-playbook-revision
--comment: Every playbook revision that ran, with its exact source, so a restart runs the revision the run started with (issue 6 catalog groundwork).
CREATE TABLE playbook_revision (
    playbook_path VARCHAR(400)  NOT NULL,
    revision      VARCHAR(64)   NOT NULL,
    source        TEXT,
    source_file   VARCHAR(1000),
    recorded_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT playbook_revision_pk PRIMARY KEY (playbook_path, revision),
    CONSTRAINT playbook_revision_hash_ck CHECK (revision ~ '^[0-9a-f]{64}$')
);
-- Executions recorded before this changeset have no revision row; NOT VALID checks new rows only.
ALTER TABLE execution ADD CONSTRAINT execution_revision_fk FOREIGN KEY (playbook_path, playbook_revision)
    REFERENCES playbook_revision (playbook_path, revision) NOT VALID;
--rollback ALTER TABLE execution DROP CONSTRAINT execution_revision_fk;
--rollback DROP TABLE playbook_revision;
