package io.playbatch.compiler.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The compiler's packages depend one way (docs/architecture.md, "Dependency direction"): {@code diag} at the
 * bottom, {@code yaml} above it, then {@code dsl}, {@code ir}, {@code validate}, {@code batch}, and the
 * compiler's root package on top. An import that closes a loop fails here, both between the top-level
 * packages ({@code io.playbatch.compiler.(*)..}) and between any two packages, the root and nested ones
 * such as {@code dsl.mcp} included.
 */
class PackageCyclesTest {

    private static final String COMPILER = "io.playbatch.compiler";

    private static final String FIXTURE = "io.playbatch.compiler.architecture.cyclefixture";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(COMPILER);

    @Test
    void topLevelCompilerPackagesAreFreeOfCycles() {
        assertThat(MAIN).as("the compiler's main classes were imported").hasSizeGreaterThan(50);

        topLevelPackages(COMPILER).check(MAIN);
    }

    @Test
    void everyCompilerPackageIsFreeOfCycles() {
        everyPackage(COMPILER).check(MAIN);
    }

    /** Both rules, over two test-only packages that import each other, must report that loop. */
    @Test
    void theRulesFailOnACycle() {
        JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

        for (ArchRule rule : new ArchRule[] {topLevelPackages(FIXTURE), everyPackage(FIXTURE)}) {
            EvaluationResult result = rule.evaluate(fixture);

            assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
            assertThat(result.getFailureReport().toString())
                    .contains("Cycle detected")
                    .contains("Upper")
                    .contains("Lower");
        }
    }

    private static ArchRule topLevelPackages(String root) {
        return slices().matching(root + ".(*)..").should().beFreeOfCycles();
    }

    private static ArchRule everyPackage(String root) {
        return slices().assignedFrom(new EachPackage(root)).should().beFreeOfCycles();
    }

    /** One slice per package under {@code root}, the root itself included; classes elsewhere are left out. */
    private record EachPackage(String root) implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.equals(root) || name.startsWith(root + ".") ? SliceIdentifier.of(name)
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "every package under " + root;
        }
    }
}
