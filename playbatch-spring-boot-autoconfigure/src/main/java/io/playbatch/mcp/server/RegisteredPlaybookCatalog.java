package io.playbatch.mcp.server;

import io.playbatch.catalog.PlaybookRevisions;
import io.playbatch.catalog.RegisteredPlaybook;
import io.playbatch.operate.OperationsService;
import java.util.List;
import java.util.Optional;

/**
 * The registered playbooks ({@code OperationsService.playbooks()}, written by {@code playbatch
 * register}), each at its registered revision with the source kept for it in
 * {@code playbook_revision}. A playbook that only ran, without being registered, is not offered.
 * Thread-safe.
 */
public class RegisteredPlaybookCatalog implements McpPlaybookCatalog {

    private final OperationsService operations;
    private final PlaybookRevisions revisions;

    public RegisteredPlaybookCatalog(OperationsService operations, PlaybookRevisions revisions) {
        this.operations = operations;
        this.revisions = revisions;
    }

    @Override
    public List<CatalogPlaybook> playbooks() {
        return operations.playbooks().stream().map(this::entry).flatMap(Optional::stream).toList();
    }

    @Override
    public Optional<CatalogPlaybook> find(String path) {
        return operations.playbooks().stream().filter(p -> p.playbookPath().equals(path)).findFirst()
                .flatMap(this::entry);
    }

    /** Registering keeps the source (it fails otherwise), so a missing one is a row deleted by hand. */
    private Optional<CatalogPlaybook> entry(RegisteredPlaybook playbook) {
        return revisions.find(playbook.playbookPath(), playbook.revision()).filter(r -> r.source() != null)
                .map(r -> new CatalogPlaybook(r.playbookPath(), r.revision(), r.source(), r.sourceFile()));
    }
}
