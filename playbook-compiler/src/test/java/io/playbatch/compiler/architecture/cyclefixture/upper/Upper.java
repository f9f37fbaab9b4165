package io.playbatch.compiler.architecture.cyclefixture.upper;

import io.playbatch.compiler.architecture.cyclefixture.lower.Lower;

/** Half of a deliberate package cycle: proves that {@code PackageCyclesTest}'s rule can fail. */
public record Upper(Lower lower) {
}
