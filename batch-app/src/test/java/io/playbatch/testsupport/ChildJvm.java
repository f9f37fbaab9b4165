package io.playbatch.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM for the tests that need a process of their own (to kill it, to give
 * it an environment, to run two servers): this JVM's {@code java} and class path, a heap bound, and the
 * launcher's flag for short commands, C1 only ({@code ./playbatch}, docs/cli.md), because a child of a
 * test lives for seconds and its start-up is what costs: on a busy machine it starts in half the time.
 */
public final class ChildJvm {

    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    private ChildJvm() {
    }

    /**
     * {@code java -Xmx<maxHeap> <jvmOptions...> -cp <the test class path> <mainClass>}, as a list the
     * caller may append the program's arguments to.
     */
    public static List<String> command(String maxHeap, List<String> jvmOptions, Class<?> mainClass) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + maxHeap, C1_ONLY));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        return command;
    }

    /** {@code java -Xmx<maxHeap> -cp <the test class path> <mainClass>}, with no other JVM option. */
    public static List<String> command(String maxHeap, Class<?> mainClass) {
        return command(maxHeap, List.of(), mainClass);
    }
}
