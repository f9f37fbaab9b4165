package io.playbatch.compiler;

import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.dsl.PlaybookReader;
import io.playbatch.compiler.dsl.PlaybookSchema;
import io.playbatch.compiler.dsl.SourcePosition;
import io.playbatch.compiler.dsl.YamlMap;
import io.playbatch.compiler.dsl.YamlTreeParser;
import io.playbatch.compiler.ir.GraphAnalysis;
import io.playbatch.compiler.ir.GraphBuilder;
import io.playbatch.compiler.ir.GraphProblem;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.template.TemplateLimits;
import io.playbatch.compiler.validate.DiagnosticCode;
import io.playbatch.compiler.validate.Diagnostics;
import io.playbatch.compiler.validate.McpRules;
import io.playbatch.compiler.validate.SchemaValidator;
import io.playbatch.compiler.validate.SemanticValidator;
import io.playbatch.compiler.validate.TemplateChecker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Entry point of the compiler: parses a playbook, validates it (JSON Schema, then semantic rules
 * and template checks) and builds its {@link io.playbatch.compiler.ir.PlaybookGraph}. Never throws
 * for bad input: every problem, a missing file included, is a diagnostic. Thread-safe.
 */
public final class PlaybookCompiler {

    /**
     * Errors after which the graph's shape is guesswork (a misspelt `next` leaves steps unreachable),
     * so graph-wide checks are skipped rather than reporting derived problems.
     */
    private static final Set<String> GRAPH_BLOCKERS = Set.of(DiagnosticCode.UNKNOWN_STEP_REFERENCE.code(),
            DiagnosticCode.DUPLICATE_STEP.code(), DiagnosticCode.MISSING_START.code(),
            DiagnosticCode.MIXED_NEXT_FORMS.code(), DiagnosticCode.INVALID_FAILURE_HANDLER.code(),
            DiagnosticCode.YAML_SYNTAX.code(), DiagnosticCode.UNKNOWN_KEY.code(), DiagnosticCode.WRONG_TYPE.code(),
            DiagnosticCode.EMPTY_LIST.code(), DiagnosticCode.INVALID_NAME.code());

    private final CompilerOptions options;
    private final YamlTreeParser parser = new YamlTreeParser();
    private final SchemaValidator schemaValidator = new SchemaValidator(PlaybookSchema.load());
    private final PlaybookReader reader = new PlaybookReader();
    private final SemanticValidator semanticValidator = new SemanticValidator();
    private final GraphBuilder graphBuilder = new GraphBuilder();
    private final TemplateChecker templateChecker;
    private final McpRules mcpRules;

    /** A compiler with {@link CompilerOptions#defaults()}: no MCP stdio command is allowed. */
    public PlaybookCompiler() {
        this(CompilerOptions.defaults());
    }

    public PlaybookCompiler(CompilerOptions options) {
        this.options = options;
        this.mcpRules = new McpRules(options);
        this.templateChecker = new TemplateChecker(TemplateLimits.defaults().withDepth(options.templateDepth()));
    }

    public CompilerOptions options() {
        return options;
    }

    /** Compiles a file; its path as given is the file name in diagnostics. */
    public CompilationResult compile(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return unreadable(name, "no such file");
        } catch (IOException e) {
            return unreadable(name, "cannot read the file: " + e.getMessage());
        }
        return compile(name, new String(bytes, StandardCharsets.UTF_8), sha256(bytes));
    }

    /** Compiles YAML text; {@code fileName} names it in diagnostics and defaults the catalog path. */
    public CompilationResult compile(String fileName, String yamlText) {
        return compile(fileName, yamlText, sha256(yamlText.getBytes(StandardCharsets.UTF_8)));
    }

    private CompilationResult compile(String fileName, String yamlText, String contentHash) {
        Diagnostics diagnostics = new Diagnostics();
        Optional<YamlMap> root = parser.parse(fileName, yamlText, diagnostics);
        if (root.isEmpty()) {
            return new CompilationResult(fileName, Optional.empty(), diagnostics.sorted());
        }
        schemaValidator.validate(root.get(), diagnostics);
        PlaybookDocument document = reader.read(fileName, root.get());
        semanticValidator.validate(document, diagnostics);
        mcpRules.validate(document, diagnostics);
        PlaybookGraph graph = graphBuilder.build(document, contentHash);
        GraphAnalysis analysis = null;
        boolean graphUsable = diagnostics.sorted().stream().noneMatch(d -> GRAPH_BLOCKERS.contains(d.code()));
        if (graphUsable && graph.node("start").isPresent()) {
            analysis = GraphAnalysis.of(graph);
            for (GraphProblem problem : analysis.problems()) {
                diagnostics.error(switch (problem.kind()) {
                    case CYCLE -> DiagnosticCode.CYCLE;
                    case UNREACHABLE -> DiagnosticCode.UNREACHABLE_STEP;
                    case UNJOINED_SPLIT -> DiagnosticCode.UNJOINED_SPLIT;
                }, problem.position(), problem.message(), problem.subject());
            }
            if (!analysis.problems().isEmpty()) {
                analysis = null;
            }
        }
        templateChecker.check(document, yamlText.split("\n", -1), analysis, diagnostics);
        boolean ok = !diagnostics.hasErrors() && analysis != null;
        return new CompilationResult(fileName, ok ? Optional.of(graph) : Optional.empty(), diagnostics.sorted());
    }

    private static CompilationResult unreadable(String name, String message) {
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.error(DiagnosticCode.FILE_NOT_READABLE, SourcePosition.unknown(name), message);
        return new CompilationResult(name, Optional.empty(), diagnostics.sorted());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
