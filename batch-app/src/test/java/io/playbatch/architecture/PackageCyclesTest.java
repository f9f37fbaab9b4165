package io.playbatch.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.playbatch.PlaybatchApplication;
import io.playbatch.tasks.TaskRunner;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The application's packages depend one way (docs/architecture.md, "Dependency direction"): every package
 * below {@code io.playbatch} is its own slice ({@code mcp.client} and {@code mcp.server} are separate
 * components that share a prefix, so they are not folded together), and no two of them may import each
 * other, directly or around a loop. The root package is left out: it holds only the Boot entry point, which
 * hands {@code main} to the CLI while the CLI starts it. The compiler's packages have their own test in
 * {@code playbook-compiler}.
 */
class PackageCyclesTest {

    @Test
    void applicationPackagesAreFreeOfCycles() throws URISyntaxException {
        // Only the standalone application's and the auto-configuration module's classes: scanning the whole
        // class path for io.playbatch takes half a minute.
        JavaClasses main = new ClassFileImporter().importLocations(
                Set.of(classesOf(PlaybatchApplication.class), classesOf(TaskRunner.class)));

        assertThat(main.containPackage("io.playbatch.tasks")).as("the application's classes were imported").isTrue();
        slices().assignedFrom(new PackagesBelowRoot()).should().beFreeOfCycles().check(main);
    }

    /** The class directory or, in a build that packaged the module first ({@code verify}), the jar of {@code type}. */
    private static Location classesOf(Class<?> type) throws URISyntaxException {
        Path classes = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Files.isDirectory(classes) ? Location.of(classes) : Location.of(URI.create("jar:" + classes.toUri() + "!/"));
    }

    /** One slice per package below {@code io.playbatch}; the root package's entry point is left out. */
    private static final class PackagesBelowRoot implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.startsWith("io.playbatch.") ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "every package below io.playbatch";
        }
    }
}
