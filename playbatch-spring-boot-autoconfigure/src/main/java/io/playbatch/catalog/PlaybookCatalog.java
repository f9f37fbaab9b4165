package io.playbatch.catalog;

import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.json.JsonCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SQL home of {@code playbook}: the registered playbooks and the revision of each that new runs
 * and schedules use. Registering is one upsert that changes the row only when the revision differs,
 * so registering the same content twice, even concurrently, changes nothing. Thread-safe.
 */
@Repository
public class PlaybookCatalog {

    private static final String SELECT = """
            SELECT p.playbook_path, p.revision, p.name, p.description, p.labels, p.source_file, p.registered_at,
                   (SELECT count(*) FROM schedule s WHERE s.playbook_path = p.playbook_path) AS schedule_count
            FROM playbook p
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final JsonCodec json;

    public PlaybookCatalog(NamedParameterJdbcTemplate jdbc, JsonCodec json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Makes {@code graph} the registered revision of its path (its {@code playbook_revision} row must
     * exist). Returns {@code created}, {@code updated} or {@code unchanged}.
     */
    public String register(PlaybookGraph graph) {
        List<Boolean> inserted = jdbc.query("""
                INSERT INTO playbook (playbook_path, revision, name, description, labels, source_file)
                VALUES (:path, :revision, :name, :description, CAST(:labels AS jsonb), :file)
                ON CONFLICT (playbook_path) DO UPDATE SET revision = EXCLUDED.revision, name = EXCLUDED.name,
                    description = EXCLUDED.description, labels = EXCLUDED.labels, source_file = EXCLUDED.source_file,
                    registered_at = now()
                WHERE playbook.revision <> EXCLUDED.revision
                RETURNING (xmax = 0) AS inserted
                """, new MapSqlParameterSource().addValue("path", graph.path()).addValue("revision", graph.contentHash())
                .addValue("name", graph.name()).addValue("description", graph.description())
                .addValue("labels", json.write(graph.labels())).addValue("file", graph.sourceFile()),
                (rs, i) -> rs.getBoolean("inserted"));
        if (inserted.isEmpty()) {
            return "unchanged";
        }
        return inserted.get(0) ? "created" : "updated";
    }

    public Optional<RegisteredPlaybook> find(String playbookPath) {
        return jdbc.query(SELECT + " WHERE p.playbook_path = :path", Map.of("path", playbookPath), this::map)
                .stream().findFirst();
    }

    /** Every registered playbook, by path. */
    public List<RegisteredPlaybook> list() {
        return jdbc.query(SELECT + " ORDER BY p.playbook_path", Map.of(), this::map);
    }

    private RegisteredPlaybook map(ResultSet rs, int row) throws SQLException {
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Object> stored = json.readMap(rs.getString("labels"));
        if (stored != null) {
            stored.forEach((k, v) -> labels.put(k, String.valueOf(v)));
        }
        return new RegisteredPlaybook(rs.getString("playbook_path"), rs.getString("revision"), rs.getString("name"),
                rs.getString("description"), labels, rs.getString("source_file"),
                rs.getTimestamp("registered_at").toInstant(), rs.getInt("schedule_count"));
    }
}
