package io.playbatch.operate;

/**
 * A run was refused before anything was recorded because its workload (or the playbook's name) is
 * not something the ledger can store: larger than {@code playbatch.limits.workload-bytes}, nested
 * too deep, or holding a NUL character. {@link #field()} is the path of the offending value
 * ({@code workload.items[3].name}); {@link #tooLarge()} tells a size refusal from a content one.
 */
public class WorkloadRejectedException extends RuntimeException {

    private final String field;
    private final boolean tooLarge;

    public WorkloadRejectedException(String field, String message, boolean tooLarge) {
        super(message);
        this.field = field;
        this.tooLarge = tooLarge;
    }

    public String field() {
        return field;
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
