package io.playbatch.catalog;

import io.playbatch.compiler.ir.PlaybookGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The SQL home of {@code playbook_revision}: the exact source of every playbook revision that ran,
 * keyed by catalog path and SHA-256, so a restart compiles the revision its run started with even
 * after the file changed. Recording is idempotent ({@code ON CONFLICT DO NOTHING}). Thread-safe.
 */
@Repository
public class PlaybookRevisions {

    private static final Logger log = LoggerFactory.getLogger(PlaybookRevisions.class);

    private final NamedParameterJdbcTemplate jdbc;

    public PlaybookRevisions(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the graph's revision. Its source is read from the graph's file and kept only if it
     * still hashes to the compiled revision; otherwise (the file changed since it was compiled, or
     * the graph was built without a file) the revision is recorded without source and cannot be
     * restarted from the catalog.
     */
    public void record(PlaybookGraph graph) {
        String source = sourceMatching(graph).orElse(null);
        jdbc.update("""
                INSERT INTO playbook_revision (playbook_path, revision, source, source_file)
                VALUES (:path, :revision, :source, :file)
                ON CONFLICT (playbook_path, revision) DO UPDATE SET source = EXCLUDED.source
                WHERE playbook_revision.source IS NULL AND EXCLUDED.source IS NOT NULL
                """, new MapSqlParameterSource().addValue("path", graph.path()).addValue("revision", graph.contentHash())
                .addValue("source", source).addValue("file", graph.sourceFile()));
    }

    /**
     * Records the graph's revision for {@code register}: like {@link #record(PlaybookGraph)}, but its
     * source must be kept, and the revision's {@code registered_at} is set the first time.
     *
     * @throws IllegalStateException when the file changed after it was compiled (register it again)
     */
    public void register(PlaybookGraph graph) {
        record(graph);
        int kept = jdbc.update("""
                UPDATE playbook_revision SET registered_at = COALESCE(registered_at, now())
                WHERE playbook_path = :path AND revision = :revision AND source IS NOT NULL
                """, Map.of("path", graph.path(), "revision", graph.contentHash()));
        if (kept == 0) {
            throw new IllegalStateException(graph.sourceFile() + " changed while it was being registered;"
                    + " register it again once it is saved");
        }
    }

    public Optional<StoredRevision> find(String playbookPath, String revision) {
        return jdbc.query("""
                SELECT playbook_path, revision, source, source_file FROM playbook_revision
                WHERE playbook_path = :path AND revision = :revision
                """, Map.of("path", playbookPath, "revision", revision), (rs, i) -> new StoredRevision(
                rs.getString("playbook_path"), rs.getString("revision"), rs.getString("source"),
                rs.getString("source_file"))).stream().findFirst();
    }

    /** The newest recorded revision of a playbook whose source was kept, if any. */
    public Optional<StoredRevision> latest(String playbookPath) {
        return jdbc.query("""
                SELECT playbook_path, revision, source, source_file FROM playbook_revision
                WHERE playbook_path = :path AND source IS NOT NULL
                ORDER BY recorded_at DESC, revision
                LIMIT 1
                """, Map.of("path", playbookPath), (rs, i) -> new StoredRevision(rs.getString("playbook_path"),
                rs.getString("revision"), rs.getString("source"), rs.getString("source_file"))).stream().findFirst();
    }

    private static Optional<String> sourceMatching(PlaybookGraph graph) {
        Path file = Path.of(graph.sourceFile());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (!HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).equals(graph.contentHash())) {
                log.warn("{} changed after it was compiled; revision {} is recorded without its source",
                        file, graph.contentHash());
                return Optional.empty();
            }
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | NoSuchAlgorithmException e) {
            log.warn("Cannot keep the source of {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** A recorded revision; {@code source} is null when it could not be kept. */
    public record StoredRevision(String playbookPath, String revision, String source, String sourceFile) {
    }
}
