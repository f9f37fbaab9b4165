package io.playbatch.testsupport;

import org.springframework.jdbc.core.JdbcTemplate;

/** Inserts a bare execution (with the Spring Batch rows it references) for ledger tests that run no job. */
public final class TestExecutions {

    private TestExecutions() {
    }

    /** @return the new execution's id, in status STARTED */
    public static long insert(JdbcTemplate jdbc, String playbook) {
        long instance = jdbc.queryForObject("SELECT nextval('batch_job_instance_seq')", Long.class);
        jdbc.update("INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key) VALUES (?, 0, ?, ?)",
                instance, playbook, "key" + instance);
        long execution = jdbc.queryForObject("SELECT nextval('batch_job_execution_seq')", Long.class);
        jdbc.update("INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time)"
                + " VALUES (?, 0, ?, now())", execution, instance);
        jdbc.update("INSERT INTO execution (execution_id, run_id, playbook_path, playbook_revision, status)"
                + " VALUES (?, nextval('run_id_seq'), ?, ?, 'STARTED')", execution, playbook, revision(jdbc, playbook));
        return execution;
    }

    /** Records a revision of {@code playbook} (executions reference one) and returns its hash. */
    public static String revision(JdbcTemplate jdbc, String playbook) {
        String hash = "0".repeat(64);
        jdbc.update("INSERT INTO playbook_revision (playbook_path, revision) VALUES (?, ?) ON CONFLICT DO NOTHING",
                playbook, hash);
        return hash;
    }
}
