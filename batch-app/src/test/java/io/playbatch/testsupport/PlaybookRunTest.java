package io.playbatch.testsupport;

import io.playbatch.ledger.EventLedger;
import io.playbatch.ledger.SnapshotVerifier;
import io.playbatch.operate.OperationsService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The beans tests that run playbooks read: the operations service, the ledger, the snapshot
 * verifier and plain JDBC. Subclasses keep their own {@code @SpringBootTest}; a subclass either
 * declares its own {@code @DynamicPropertySource} (a database of its own) or extends
 * {@link DatabaseRunTest} (a database per shared context).
 */
public abstract class PlaybookRunTest {

    @Autowired
    protected OperationsService operations;

    @Autowired
    protected EventLedger ledger;

    @Autowired
    protected SnapshotVerifier verifier;

    @Autowired
    protected JdbcTemplate jdbc;
}
