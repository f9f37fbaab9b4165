package io.playbatch.report;

import java.time.Instant;

/** A recorded revision (content hash) of a playbook, when it was first recorded and from which file. */
public record PlaybookRevisionReport(String path, String revision, Instant recordedAt, String sourceFile) {
}
