package io.playbatch.compiler.ir;

import java.util.Locale;
/**
 * {@code recovery}: what a live process does with a run of this playbook whose managing process
 * died (docs/operations.md#automatic-resume). With {@link Resume#AUTO} it restarts the run's dead
 * execution by itself, at most {@code maxResumes} times over the run; with {@link Resume#MANUAL}
 * the execution stays FAILED until an operator restarts it. Immutable.
 *
 * @param resume     who restarts a run whose manager died
 * @param maxResumes how many automatic resumes one run may have (1 to {@value #MAX_RESUMES_LIMIT})
 */
public record RecoverySpec(Resume resume, int maxResumes) {

    /** The default of {@code max_resumes}. */
    public static final int DEFAULT_MAX_RESUMES = 3;
    /** The largest {@code max_resumes} a playbook may ask for. */
    public static final int MAX_RESUMES_LIMIT = 100;

    /** The values of {@code recovery.resume}. */
    public enum Resume {
        AUTO, MANUAL;

        /** The value as written in a playbook. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A playbook without {@code recovery}: resumed automatically, up to three times. */
    public static RecoverySpec defaults() {
        return new RecoverySpec(Resume.AUTO, DEFAULT_MAX_RESUMES);
    }

    /** Whether a run that has been resumed {@code resumesSoFar} times is resumed once more. */
    public boolean resumesAfter(int resumesSoFar) {
        return resume == Resume.AUTO && resumesSoFar < maxResumes;
    }
}
