package io.playbatch.compiler.fuzz;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.diag.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Compiles {@code count} mutations of the shipped examples ({@link PlaybookMutator}) as files,
 * the way {@code playbatch validate} reads them, and tallies the outcomes: exit 0 (no error) or 2
 * (errors), and as failures any exception, a file with errors but no diagnostic, a diagnostic that
 * shows a stack trace or a Java class, or a file that took more than {@link #MAX_MILLIS}. Used by
 * {@code FuzzedPlaybooksTest} and {@code ops/fuzz}.
 */
public final class FuzzRun {

    /** The longest one file may take to compile. */
    public static final long MAX_MILLIS = 5_000;

    /** What a run found: counts per exit code, the slowest file, peak heap, and every failure. */
    public record Figures(int files, TreeMap<Integer, Integer> byExitCode, long maxMillis, long peakHeapBytes,
            List<String> failures) {

        public String summary() {
            return files + " files, exit codes " + byExitCode + ", slowest " + maxMillis + " ms, peak heap "
                    + peakHeapBytes / (1024 * 1024) + " MiB, " + failures.size() + " failures";
        }
    }

    private FuzzRun() {
    }

    public static Figures run(Path examples, int count, long seed, Path workDir) {
        List<String> sources = read(examples);
        PlaybookMutator mutator = new PlaybookMutator(seed);
        PlaybookCompiler compiler = new PlaybookCompiler();
        TreeMap<Integer, Integer> byExitCode = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long maxMillis = 0;
        resetPeakHeap();
        for (int i = 0; i < count; i++) {
            String source = sources.get(i % sources.size());
            Path file = workDir.resolve("fuzz-" + seed + "-" + i + ".yaml");
            String name = file.getFileName().toString();
            try {
                Files.write(file, mutator.mutate(source));
                long start = System.nanoTime();
                CompilationResult result = compiler.compile(file);
                long millis = (System.nanoTime() - start) / 1_000_000;
                maxMillis = Math.max(maxMillis, millis);
                int exit = result.hasErrors() ? 2 : 0;
                byExitCode.merge(exit, 1, Integer::sum);
                problem(result, millis).ifPresent(p -> failures.add(name + ": " + p));
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException | Error e) {
                byExitCode.merge(1, 1, Integer::sum);
                failures.add(name + ": threw " + e);
            }
        }
        return new Figures(count, byExitCode, maxMillis, peakHeap(), List.copyOf(failures));
    }

    private static Optional<String> problem(CompilationResult result, long millis) {
        if (millis > MAX_MILLIS) {
            return Optional.of("took " + millis + " ms");
        }
        if (result.hasErrors() && result.diagnostics().isEmpty()) {
            return Optional.of("errors without a diagnostic");
        }
        for (Diagnostic d : result.diagnostics()) {
            String text = d.format();
            if (text.contains("\tat ") || text.contains("Exception") || text.contains("tools.jackson")
                    || text.contains("org.snakeyaml") || text.contains("org.apache.velocity")) {
                return Optional.of("diagnostic shows internals: " + text);
            }
            if (!d.position().isKnown() || d.hint() == null || d.hint().isBlank()) {
                return Optional.of("diagnostic without a position or a hint: " + text);
            }
        }
        return Optional.empty();
    }

    private static List<String> read(Path examples) {
        try (Stream<Path> files = Files.walk(examples)) {
            List<String> sources = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                sources.add(Files.readString(file, StandardCharsets.UTF_8));
            }
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("no .yaml file under " + examples);
            }
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void resetPeakHeap() {
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks: an upper bound of the heap the run ever used at once. */
    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** {@code ops/fuzz}: {@code FuzzRun EXAMPLES_DIR COUNT [SEED]}; exit 1 when anything failed. */
    public static void main(String[] args) throws IOException {
        Path examples = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 11;
        Path workDir = Files.createTempDirectory("playbatch-fuzz");
        long start = System.nanoTime();
        Figures figures = run(examples, count, seed, workDir);
        Files.deleteIfExists(workDir);
        figures.failures().stream().limit(50).forEach(System.out::println);
        System.out.println("seed " + seed + ": " + figures.summary() + ", total "
                + (System.nanoTime() - start) / 1_000_000_000 + " s, max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        System.exit(figures.failures().isEmpty() ? 0 : 1);
    }
}
