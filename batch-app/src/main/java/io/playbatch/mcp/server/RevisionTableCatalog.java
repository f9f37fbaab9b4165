package io.playbatch.mcp.server;

import io.playbatch.catalog.PlaybookRevisions;
import io.playbatch.catalog.PlaybookRevisions.StoredRevision;
import java.util.List;
import java.util.Optional;

/**
 * The interim {@link McpPlaybookCatalog}: the newest revision of each path recorded in
 * {@code playbook_revision} (every playbook that ran, or was recorded, with its source kept).
 * Thread-safe.
 */
public class RevisionTableCatalog implements McpPlaybookCatalog {

    private final PlaybookRevisions revisions;

    public RevisionTableCatalog(PlaybookRevisions revisions) {
        this.revisions = revisions;
    }

    @Override
    public List<CatalogPlaybook> playbooks() {
        return revisions.newestPerPath().stream().map(RevisionTableCatalog::entry).toList();
    }

    @Override
    public Optional<CatalogPlaybook> find(String path) {
        return revisions.newest(path).map(RevisionTableCatalog::entry);
    }

    private static CatalogPlaybook entry(StoredRevision revision) {
        return new CatalogPlaybook(revision.playbookPath(), revision.revision(), revision.source(),
                revision.sourceFile());
    }
}
