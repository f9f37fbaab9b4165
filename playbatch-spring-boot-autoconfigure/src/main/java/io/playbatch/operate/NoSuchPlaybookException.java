package io.playbatch.operate;

/** No playbook is registered at the given catalog path. */
public class NoSuchPlaybookException extends RuntimeException {

    public NoSuchPlaybookException(String playbookPath) {
        super("No registered playbook " + playbookPath + "; register it with 'playbatch register FILE'"
                + " (list them with 'playbatch playbooks')");
    }
}
