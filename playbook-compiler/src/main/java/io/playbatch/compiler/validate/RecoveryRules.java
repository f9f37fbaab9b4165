package io.playbatch.compiler.validate;

import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.ir.RecoverySpec;
import java.math.BigInteger;
import java.util.Set;

/**
 * The rules of {@code recovery} (docs/dsl.md, docs/operations.md#automatic-resume) beyond its
 * types, which the schema checks: {@code resume} is {@code auto} or {@code manual} (PB059) and
 * {@code max_resumes} a whole number from 1 to {@value RecoverySpec#MAX_RESUMES_LIMIT} (PB060).
 * Stateless.
 */
public final class RecoveryRules {

    private static final Set<String> RESUME_MODES = Set.of("auto", "manual");

    public void validate(PlaybookDocument document, Diagnostics diagnostics) {
        PlaybookDocument.Recovery recovery = document.recovery();
        if (recovery == null) {
            return;
        }
        if (recovery.resume() != null && !RESUME_MODES.contains(recovery.resume())) {
            diagnostics.error(DiagnosticCode.UNKNOWN_RESUME_MODE, recovery.source().valuePosition("resume"),
                    "`recovery.resume` is `" + recovery.resume() + "`, expected `auto` or `manual`");
        }
        Number maxResumes = recovery.maxResumes();
        if (maxResumes != null && !withinLimit(maxResumes)) {
            diagnostics.error(DiagnosticCode.MAX_RESUMES_OUT_OF_RANGE, recovery.source().valuePosition("max_resumes"),
                    "`recovery.max_resumes` is " + maxResumes + ", outside 1 to " + RecoverySpec.MAX_RESUMES_LIMIT);
        }
    }

    private static boolean withinLimit(Number value) {
        BigInteger number = new BigInteger(value.toString());
        return number.signum() > 0 && number.compareTo(BigInteger.valueOf(RecoverySpec.MAX_RESUMES_LIMIT)) <= 0;
    }
}
