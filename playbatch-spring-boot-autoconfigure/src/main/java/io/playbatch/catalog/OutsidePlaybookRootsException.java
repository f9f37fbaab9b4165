package io.playbatch.catalog;

import java.util.List;

/**
 * A remote caller named a file that is not a playbook file inside the configured playbook roots.
 * The message names the roots and the fix, never the file's content nor whether it exists.
 */
public class OutsidePlaybookRootsException extends RuntimeException {

    public OutsidePlaybookRootsException(List<String> roots) {
        super("the server starts only .yaml or .yml playbook files inside its playbook roots ("
                + String.join(", ", roots) + "); put the playbook under"
                + " one of them, ask the operator to add its directory to " + PlaybookRoots.PROPERTY
                + ", or start a registered playbook by its catalog path as 'playbook'");
    }
}
