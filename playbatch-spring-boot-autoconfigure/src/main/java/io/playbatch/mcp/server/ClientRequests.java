package io.playbatch.mcp.server;

import io.playbatch.json.JsonCodec;
import io.playbatch.operate.RunHandle;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The SQL home of {@code mcp_client_request}: makes {@code start_run} idempotent on
 * {@code (playbook_path, client_request_id)}. The row is claimed with {@code INSERT ... ON CONFLICT DO
 * NOTHING} in a transaction that stays open while the run is submitted and is committed with the
 * run's ids, so a concurrent call with the same id blocks on the unique index until then and reads
 * the same ids; when the submit fails the claim is rolled back and the id can be used again.
 * Thread-safe.
 */
public class ClientRequests {

    private final DataSource dataSource;
    private final JsonCodec json = new JsonCodec();

    public ClientRequests(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A run handle and whether this call started it ({@code false}: an earlier call with the same id did). */
    public record Outcome(RunHandle handle, boolean started) {
    }

    /**
     * Returns the run started for {@code clientRequestId} of {@code playbookPath}, calling {@code start}
     * only when no call with that id has started one.
     */
    public Outcome startOnce(String playbookPath, String clientRequestId, Map<String, Object> client,
            Supplier<RunHandle> start) {
        // A connection of its own, not bound to Spring's transaction synchronisation: the submit
        // inside must commit the execution on other connections before the claim commits.
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                NamedParameterJdbcTemplate tx = new NamedParameterJdbcTemplate(new SingleConnectionDataSource(connection, true));
                MapSqlParameterSource key = new MapSqlParameterSource().addValue("path", playbookPath)
                        .addValue("id", clientRequestId);
                int claimed = tx.update("""
                        INSERT INTO mcp_client_request (playbook_path, client_request_id, client)
                        VALUES (:path, :id, CAST(:client AS jsonb))
                        ON CONFLICT (playbook_path, client_request_id) DO NOTHING
                        """, new MapSqlParameterSource(key.getValues()).addValue("client", json.write(client)));
                Outcome outcome;
                if (claimed == 1) {
                    RunHandle handle = start.get();
                    tx.update("""
                            UPDATE mcp_client_request SET execution_id = :execution, run_id = :run
                            WHERE playbook_path = :path AND client_request_id = :id
                            """, new MapSqlParameterSource(key.getValues()).addValue("execution", handle.executionId())
                            .addValue("run", handle.runId()));
                    outcome = new Outcome(handle, true);
                } else {
                    outcome = new Outcome(tx.queryForObject("""
                            SELECT execution_id, run_id FROM mcp_client_request
                            WHERE playbook_path = :path AND client_request_id = :id
                            """, key, (rs, i) -> new RunHandle(rs.getLong("execution_id"), rs.getLong("run_id"))), false);
                }
                connection.commit();
                return outcome;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("Cannot record the MCP client request " + clientRequestId
                    + " of " + playbookPath + ": " + e.getMessage(), e);
        }
    }
}
