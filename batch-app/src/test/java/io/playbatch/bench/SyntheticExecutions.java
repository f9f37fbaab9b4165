package io.playbatch.bench;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Loads synthetic executions with bulk {@code INSERT ... SELECT FROM generate_series} into Spring
 * Batch's tables and the ledger, so that they look like real runs to every read model: eight
 * playbooks (recorded revisions), a job instance, job execution, run_id parameter and three step
 * executions each, an {@code execution} row with labels, six events (execution_started with its
 * workflow, step_started/step_completed or step_failed of two steps, execution_complete) and the
 * workflow snapshot. Status mix: 80% COMPLETED, 10% FAILED, 5% STOPPED, 5% ABANDONED; one execution
 * a minute back from now. Sequences are moved past the new ids, so real runs can follow.
 */
public final class SyntheticExecutions {

    /** The label values: {@code team} cycles over these by playbook. */
    public static final String[] TEAMS = {"data", "ops", "web"};

    private final JdbcTemplate jdbc;

    public SyntheticExecutions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts {@code count} executions in one transaction-free sequence of bulk statements; then ANALYZE. */
    public void load(int count) {
        long instanceBase = base("SELECT COALESCE(max(job_instance_id), 0) FROM batch_job_instance");
        long executionBase = base("SELECT COALESCE(max(job_execution_id), 0) FROM batch_job_execution");
        long stepBase = base("SELECT COALESCE(max(step_execution_id), 0) FROM batch_step_execution");
        long runBase = base("SELECT COALESCE(max(run_id), 0) FROM execution");
        String series = "FROM generate_series(1, " + count + ") g";
        // Statuses come from a hash of g, not from g itself, so they do not line up with the
        // playbook (g % 8) or the env label (g % 2) the way two moduli would.
        String path = "'bench/playbook_' || (g % 8)";
        String status = "CASE WHEN (abs(hashtext('s' || g)) % 20) < 16 THEN 'COMPLETED' WHEN (abs(hashtext('s' || g)) % 20) < 18 THEN 'FAILED'"
                + " WHEN (abs(hashtext('s' || g)) % 20) = 18 THEN 'STOPPED' ELSE 'ABANDONED' END";
        String created = "(now() - (" + count + " - g) * interval '1 minute')";
        String started = "(" + created + " + interval '1 second')";
        String ended = "(" + started + " + (g % 300) * interval '1 second' + interval '2 seconds')";
        jdbc.update("""
                INSERT INTO playbook_revision (playbook_path, revision, source_file)
                SELECT 'bench/playbook_' || k, encode(sha256(('bench/playbook_' || k)::bytea), 'hex'),
                       'bench/playbook_' || k || '.yaml'
                FROM generate_series(0, 7) k ON CONFLICT DO NOTHING
                """);
        jdbc.update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) SELECT "
                + instanceBase + " + g, 0, " + path + ", md5('bench-' || (" + runBase + " + g)) " + series);
        jdbc.update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time,"
                + " start_time, end_time, status, exit_code, exit_message, last_updated) SELECT " + executionBase
                + " + g, 2, " + instanceBase + " + g, " + created + ", " + started + ", " + ended + ", " + status
                + ", " + status + ", '', " + ended + " " + series);
        jdbc.update("INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type,"
                + " parameter_value, identifying) SELECT " + executionBase + " + g, 'run_id', 'java.lang.Long', ("
                + runBase + " + g)::text, 'Y' " + series);
        jdbc.update("INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id,"
                + " create_time, start_time, end_time, status, commit_count, read_count, filter_count, write_count,"
                + " read_skip_count, write_skip_count, process_skip_count, rollback_count, exit_code, exit_message,"
                + " last_updated) SELECT " + stepBase + " + (g - 1) * 3 + s, 3, (ARRAY['start', 'fetch', 'load'])[s], "
                + executionBase + " + g, " + started + ", " + started + " + (s - 1) * interval '1 second', "
                + started + " + s * interval '1 second' + (g % (7 * s)) * interval '10 milliseconds',"
                + " CASE WHEN s = 3 AND (abs(hashtext('s' || g)) % 20) IN (16, 17) THEN 'FAILED' ELSE 'COMPLETED' END, 1,"
                + " (g % 50) * s, 0, (g % 50) * s, 0, 0, g % 3, 0,"
                + " CASE WHEN s = 3 AND (abs(hashtext('s' || g)) % 20) IN (16, 17) THEN 'FAILED' ELSE 'COMPLETED' END,"
                + " CASE WHEN s = 3 AND (abs(hashtext('s' || g)) % 20) IN (16, 17) THEN 'step load failed: HTTP 500' ELSE '' END, "
                + ended + " " + series + " CROSS JOIN generate_series(1, 3) s");
        jdbc.update("INSERT INTO execution (execution_id, run_id, playbook_path, playbook_revision, status, created_at,"
                + " started_at, ended_at, labels, error) SELECT " + executionBase + " + g, " + runBase + " + g, "
                + path + ", encode(sha256((" + path + ")::bytea), 'hex'), " + status + ", " + created + ", "
                + started + ", " + ended + ", jsonb_build_object('team', (ARRAY['data', 'ops', 'web'])[g % 8 % 3 + 1],"
                + " 'env', CASE WHEN g % 2 = 0 THEN 'prod' ELSE 'staging' END),"
                + " CASE WHEN (abs(hashtext('s' || g)) % 20) IN (16, 17) THEN jsonb_build_object('type', 'step_failed', 'step', 'load',"
                + " 'message', 'HTTP 500 from target') END " + series);
        // Six events per execution, in the order a real run appends them.
        jdbc.update("INSERT INTO event (execution_id, parent_event_id, event_type, node_id, node_name, node_type,"
                + " status, context, error, created_at) SELECT " + executionBase + " + g, NULL, e.type,"
                + " e.node, e.node, CASE WHEN e.node IS NULL THEN NULL ELSE 'task' END, e.status,"
                + " CASE WHEN e.type = 'execution_started' THEN jsonb_build_object('playbook', " + path + ","
                + " 'workflow', '[{\"name\":\"start\",\"definition\":{\"kind\":\"router\"}},"
                + "{\"name\":\"fetch\",\"definition\":{\"kind\":\"task\",\"type\":\"http\"}},"
                + "{\"name\":\"load\",\"definition\":{\"kind\":\"task\",\"type\":\"sql\"}}]'::jsonb) END,"
                + " CASE WHEN e.status = 'failed' THEN '{\"type\":\"http_error\",\"message\":\"HTTP 500\"}'::jsonb END,"
                + started + " + e.n * interval '500 milliseconds' " + series
                + " CROSS JOIN LATERAL (VALUES (1, 'execution_started', NULL, 'STARTED'),"
                + " (2, 'step_started', 'fetch', NULL), (3, 'step_completed', 'fetch', 'completed'),"
                + " (4, 'step_started', 'load', NULL),"
                + " (5, CASE WHEN (abs(hashtext('s' || g)) % 20) IN (16, 17) THEN 'step_failed' ELSE 'step_completed' END, 'load',"
                + "     CASE WHEN (abs(hashtext('s' || g)) % 20) IN (16, 17) THEN 'failed' ELSE 'completed' END),"
                + " (6, 'execution_complete', NULL, CASE WHEN (abs(hashtext('s' || g)) % 20) < 16 THEN 'COMPLETED'"
                + "     WHEN (abs(hashtext('s' || g)) % 20) = 18 THEN 'STOPPED' ELSE 'FAILED' END)) AS e(n, type, node, status)"
                + " ORDER BY g, e.n");
        jdbc.update("INSERT INTO workflow (execution_id, step_name, definition, status, last_event_id, started_at,"
                + " ended_at) SELECT execution_id, node_name, '{}'::jsonb, status, event_id, created_at,"
                + " created_at FROM event WHERE execution_id > " + executionBase
                + " AND event_type IN ('step_completed', 'step_failed')");
        jdbc.execute("SELECT setval('batch_job_instance_seq', " + (instanceBase + count) + ")");
        jdbc.execute("SELECT setval('batch_job_execution_seq', " + (executionBase + count) + ")");
        jdbc.execute("SELECT setval('batch_step_execution_seq', " + (stepBase + 3L * count) + ")");
        jdbc.execute("SELECT setval('run_id_seq', GREATEST((SELECT last_value FROM run_id_seq), "
                + (runBase + count) + "))");
        jdbc.execute("ANALYZE");
    }

    private long base(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
