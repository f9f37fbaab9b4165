package io.playbatch.compiler;

import io.playbatch.compiler.diag.Diagnostic;
import io.playbatch.compiler.diag.DiagnosticCode;
import io.playbatch.compiler.diag.Diagnostics;
import io.playbatch.compiler.diag.SourcePosition;
import io.playbatch.compiler.dsl.PlaybookDocument;
import io.playbatch.compiler.dsl.PlaybookReader;
import io.playbatch.compiler.dsl.PlaybookSchema;
import io.playbatch.compiler.ir.GraphAnalysis;
import io.playbatch.compiler.ir.GraphBuilder;
import io.playbatch.compiler.ir.GraphProblem;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.template.TemplateLimits;
import io.playbatch.compiler.validate.BeanRules;
import io.playbatch.compiler.validate.ConnectionRules;
import io.playbatch.compiler.validate.HttpAuthCheck;
import io.playbatch.compiler.validate.McpRules;
import io.playbatch.compiler.validate.SchemaValidator;
import io.playbatch.compiler.validate.RecoveryRules;
import io.playbatch.compiler.validate.SecretArgvCheck;
import io.playbatch.compiler.validate.SemanticValidator;
import io.playbatch.compiler.validate.TemplateChecker;
import io.playbatch.compiler.yaml.YamlMap;
import io.playbatch.compiler.yaml.YamlTreeParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
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
            DiagnosticCode.EMPTY_LIST.code(), DiagnosticCode.INVALID_NAME.code(),
            DiagnosticCode.LEGACY_NEXT_EDGE.code());

    private final CompilerOptions options;
    private final YamlTreeParser parser;
    private final SchemaValidator schemaValidator = new SchemaValidator(PlaybookSchema.load());
    private final PlaybookReader reader = new PlaybookReader();
    private final SemanticValidator semanticValidator = new SemanticValidator();
    private final GraphBuilder graphBuilder = new GraphBuilder();
    private final TemplateChecker templateChecker;
    private final McpRules mcpRules;
    private final BeanRules beanRules;
    private final ConnectionRules connectionRules;
    private final SecretArgvCheck secretArgvCheck = new SecretArgvCheck();
    private final HttpAuthCheck httpAuthCheck = new HttpAuthCheck();
    private final RecoveryRules recoveryRules = new RecoveryRules();

    /** A compiler with {@link CompilerOptions#defaults()}: no MCP stdio command is allowed. */
    public PlaybookCompiler() {
        this(CompilerOptions.defaults());
    }

    public PlaybookCompiler(CompilerOptions options) {
        this.options = options;
        this.parser = new YamlTreeParser(options.yamlLimits());
        this.mcpRules = new McpRules(options.allowedStdioCommands());
        this.beanRules = new BeanRules(options.beans());
        this.connectionRules = new ConnectionRules(options.connections());
        this.templateChecker = new TemplateChecker(TemplateLimits.defaults().withDepth(options.templateDepth()),
                options.templateVars());
    }

    public CompilerOptions options() {
        return options;
    }

    /**
     * Compiles a file; its path as given is the file name in diagnostics, its real path gives the
     * catalog path ({@link CatalogPaths}). Reads at most one byte
     * more than {@code playbatch.limits.yaml-bytes}, so a huge file or a device such as /dev/zero
     * costs that much memory and a PB054, and decodes it as strict UTF-8: binary data is one PB004.
     */
    public CompilationResult compile(Path file) {
        String name = file.toString();
        int maxBytes = options.yamlLimits().maxBytes();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (NoSuchFileException e) {
            return unreadable(name, "no such file");
        } catch (IOException e) {
            return unreadable(name, "cannot read the file: " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            return tooLarge(name);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(bytes);
        CharBuffer text = CharBuffer.allocate(bytes.length);
        CoderResult decoded = decoder.decode(input, text, true);
        if (decoded.isError()) {
            Diagnostics diagnostics = new Diagnostics();
            diagnostics.error(DiagnosticCode.NOT_A_PLAYBOOK, bytePosition(name, bytes, input.position()),
                    "the file is not UTF-8 text (binary data from here on)");
            return new CompilationResult(name, Optional.empty(), diagnostics.sorted());
        }
        decoder.flush(text);
        return compile(name, text.flip().toString(), sha256(bytes), options.catalogPaths().of(file));
    }

    /** Compiles YAML text; {@code fileName} names it in diagnostics and defaults the catalog path. */
    public CompilationResult compile(String fileName, String yamlText) {
        byte[] bytes = yamlText.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > options.yamlLimits().maxBytes()) {
            return tooLarge(fileName);
        }
        return compile(fileName, yamlText, sha256(bytes), GraphBuilder.defaultPath(fileName));
    }

    /**
     * Compiles the kept source of a revision as the playbook it was recorded as: {@code catalogPath}
     * (unless its {@code metadata.path} says otherwise), whatever the working directory is now.
     */
    public CompilationResult compileRevision(String catalogPath, String fileName, String yamlText) {
        byte[] bytes = yamlText.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > options.yamlLimits().maxBytes()) {
            return tooLarge(fileName);
        }
        return compile(fileName, yamlText, sha256(bytes), catalogPath);
    }

    /**
     * The backstop of "never throws": the limits stop deep and large input first, so an error here
     * is input no limit foresaw, or a compiler bug. Either way the file gets a diagnostic without a
     * stack trace, and the other files of a batch are still checked.
     */
    private CompilationResult compile(String fileName, String yamlText, String contentHash, String catalogPath) {
        try {
            return compileChecked(fileName, yamlText, contentHash, catalogPath);
        } catch (StackOverflowError e) {
            return failed(fileName, DiagnosticCode.YAML_TOO_DEEP.error(new SourcePosition(fileName, 1, 1),
                    "the playbook nests too deeply to be checked (its YAML or a template)",
                    "flatten the deepest mapping, list or template block (#if, #foreach) of this file"));
        } catch (OutOfMemoryError e) {
            return failed(fileName, DiagnosticCode.FILE_TOO_LARGE.error(new SourcePosition(fileName, 1, 1),
                    "the playbook needs more memory to be checked than the compiler has",
                    "shrink the file: smaller values, fewer aliases and loops"));
        } catch (RuntimeException e) {
            Diagnostic internal = DiagnosticCode.FILE_NOT_READABLE.error(new SourcePosition(fileName, 1, 1),
                    "the compiler could not check this file to its end (an internal error)");
            return failed(fileName, new Diagnostic(internal.code(), internal.name(), internal.severity(),
                    internal.message(), internal.position(),
                    "report it with this file; meanwhile, look for an unusual construct and simplify it"));
        }
    }

    private CompilationResult compileChecked(String fileName, String yamlText, String contentHash,
            String catalogPath) {
        Diagnostics diagnostics = new Diagnostics();
        Optional<YamlMap> root = parser.parse(fileName, yamlText, diagnostics);
        if (root.isEmpty()) {
            return new CompilationResult(fileName, Optional.empty(), diagnostics.sorted());
        }
        schemaValidator.validate(root.get(), diagnostics);
        PlaybookDocument document = reader.read(fileName, root.get());
        semanticValidator.validate(document, diagnostics);
        mcpRules.validate(document, diagnostics);
        beanRules.validate(document, diagnostics);
        connectionRules.validate(document, diagnostics);
        secretArgvCheck.validate(document, diagnostics);
        httpAuthCheck.validate(document, diagnostics);
        recoveryRules.validate(document, diagnostics);
        PlaybookGraph graph = graphBuilder.build(document, contentHash, catalogPath);
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

    private CompilationResult tooLarge(String name) {
        return failed(name, DiagnosticCode.FILE_TOO_LARGE.error(new SourcePosition(name, 1, 1),
                "the file is larger than the " + options.yamlLimits().maxBytes() + " bytes a playbook may have",
                "split it into smaller playbooks run with `type: playbook`, or move data out of the workload"
                        + " (an operator may raise `playbatch.limits.yaml-bytes`)"));
    }

    private static CompilationResult failed(String name, Diagnostic diagnostic) {
        return new CompilationResult(name, Optional.empty(), List.of(diagnostic));
    }

    /** The 1-based line and column of byte {@code offset}, counting bytes as columns (the text is not UTF-8). */
    private static SourcePosition bytePosition(String name, byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePosition(name, line, offset - lineStart + 1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
