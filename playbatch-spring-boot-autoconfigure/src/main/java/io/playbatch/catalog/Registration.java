package io.playbatch.catalog;

/**
 * What {@code register} did: {@code outcome} is {@code created} (a new path), {@code updated} (a new
 * revision of a known path) or {@code unchanged} (the same content again: nothing was changed).
 */
public record Registration(RegisteredPlaybook playbook, String outcome) {

    public boolean changed() {
        return !"unchanged".equals(outcome);
    }
}
