--liquibase formatted sql

-- Playbatch as an MCP server (issue 7, docs/mcp.md#playbatch-as-an-mcp-server): start_run is idempotent on the client's
-- client_request_id, unique per playbook, so an agent that retries a call (or two that race)
-- gets the one run the first call started.

--changeset playbatch:009-mcp-client-request
--comment: One row per (playbook, client_request_id) that start_run accepted. The row is inserted (ON CONFLICT DO NOTHING) before the run starts and filled with its ids in the same transaction, so a concurrent call with the same id waits on the unique index and then reads those ids.
CREATE TABLE mcp_client_request (
    playbook_path     VARCHAR(400)  NOT NULL,
    client_request_id VARCHAR(200)  NOT NULL,
    execution_id      BIGINT        REFERENCES execution (execution_id),
    run_id            BIGINT,
    client            JSONB,
    created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CONSTRAINT mcp_client_request_uq UNIQUE (playbook_path, client_request_id),
    CONSTRAINT mcp_client_request_id_ck CHECK (length(client_request_id) BETWEEN 1 AND 200)
);
--rollback DROP TABLE mcp_client_request;
