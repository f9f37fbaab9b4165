package io.playbatch.catalog;

import java.time.Instant;
import java.util.Map;

/**
 * A registered playbook as listings show it: its catalog path, the revision new runs and schedules
 * use, what its metadata says, and how many schedules it has.
 */
public record RegisteredPlaybook(String playbookPath, String revision, String name, String description,
        Map<String, String> labels, String sourceFile, Instant registeredAt, int scheduleCount) {
}
