package io.playbatch.compiler.architecture.cyclefixture.lower;

import io.playbatch.compiler.architecture.cyclefixture.upper.Upper;

/** The other half of the deliberate cycle: a lower package that reaches back up. */
public record Lower(Upper owner) {
}
