package io.playbatch.compiler.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.playbatch.compiler.CompilationResult;
import io.playbatch.compiler.CompilerOptions;
import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.ir.McpExposure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The variants of the MCP rules that the one-file-per-code playbooks do not show. */
class McpRulesTest {

    private static final PlaybookCompiler COMPILER = new PlaybookCompiler();

    /** A playbook with one HTTP server, a read-only tool {@code echo} and a step {@code call} using it. */
    private static String playbook(String mcpExtra, String workflowExtra) {
        return """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: rules }
                workload: { url: "http://127.0.0.1:8931/mcp", days: [ mon ] }
                mcp:
                  servers:
                    crm: { url: "$workload.url" }
                  tools:
                    echo: { server: crm, read_only: true }
                """ + mcpExtra + """
                workflow:
                  - step: start
                    next: [ call ]
                  - step: call
                    task: echo
                    args: { text: hi }
                """ + workflowExtra;
    }

    private static List<String> messages(CompilationResult result) {
        return result.diagnostics().stream().map(d -> d.code() + " " + d.message()).toList();
    }

    private static List<String> messages(String yaml) {
        return messages(COMPILER.compile("rules.yaml", yaml));
    }

    @Test
    void anAllowlistedStdioCommandCompilesAndATemplatedOneIsRefused() {
        String stdio = """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: stdio }
                workload: { java: /usr/bin/java }
                mcp:
                  servers:
                    files: { command: [ java, -jar, files.jar ] }
                    templated: { command: [ "$workload.java", files.jar ] }
                  resources:
                    day: { server: files, uri: "file:///logs/today.log" }
                    other: { server: templated, uri: "file:///logs/other.log" }
                workflow:
                  - step: start
                    next: [ read ]
                  - step: read
                    type: log
                    args: { message: "${resources.day.text} ${resources.other.text}" }
                """;
        PlaybookCompiler allowingJava = new PlaybookCompiler(
                CompilerOptions.defaults().withAllowedStdioCommands(Set.of("java")));

        assertThat(messages(allowingJava.compile("rules.yaml", stdio))).containsExactly(
                "MCP004 mcp.servers.templated.command: '$workload.java' is not in playbatch.mcp.stdio.allowed-commands");
        assertThat(messages(stdio)).containsExactly(
                "MCP004 mcp.servers.files.command: 'java' is not in playbatch.mcp.stdio.allowed-commands",
                "MCP004 mcp.servers.templated.command: '$workload.java' is not in playbatch.mcp.stdio.allowed-commands");
    }

    @Test
    void credentialHeadersMustReferenceSecrets() {
        String yaml = playbook("", "").replace("    crm: { url: \"$workload.url\" }",
                "    crm:\n      url: \"$workload.url\"\n      headers:\n        Authorization: \"Bearer $secrets.crm_token\"\n"
                        + "        X-Api-Key: \"k-42\"\n        X-Session-Token: \"$workload.token\"\n        X-Trace: \"on\"");

        assertThat(messages(yaml)).containsExactly(
                "MCP005 mcp.servers.crm.headers.X-Api-Key: credentials must come from $secrets",
                "MCP005 mcp.servers.crm.headers.X-Session-Token: credentials must come from $secrets");
    }

    @Test
    void uriTemplateVariablesAndArgsMustMatch() {
        String yaml = playbook("""
                  resources:
                    day_log: { server: crm, uri_template: "file:///logs/{date}.log", args: { date: "x", day: "y" } }
                    bad: { server: crm, uri_template: "file:///logs/{+path}" }
                    given: { server: crm, uri_template: "file:///logs/{date}.log" }
                """, """
                    next: [ read, read_bad, read_given ]
                  - step: read
                    task: day_log
                  - step: read_bad
                    task: bad
                  - step: read_given
                    loop: { over: "$workload.days", as: day }
                    task: given
                    args: { date: "$day" }
                """);

        assertThat(messages(yaml)).containsExactly(
                "MCP022 mcp.resources.day_log.args: 'day' is not a variable of 'file:///logs/{date}.log'",
                "MCP022 mcp.resources.bad.uri_template: only {name} expressions are supported");
    }

    @Test
    void modelRangesAndLoopBounds() {
        String yaml = playbook("""
                  models:
                    local: { url: "http://127.0.0.1:8932/v1", model: m, max_tokens: 0, timeout: 0s, api_key: "$secrets.llm" }
                  turns:
                    ask: { model: local, prompt: "hi", max_turns: 51, max_tool_calls: 500, tools: [ echo ],
                      stop: { output_schema: { type: [ 1 ] } } }
                """, """
                    next: [ agent ]
                  - step: agent
                    task: ask
                """);

        assertThat(messages(yaml)).containsExactly(
                "MCP031 mcp.models.local.max_tokens: must be greater than 0",
                "MCP031 mcp.models.local.timeout: must be greater than 0",
                "MCP041 mcp.turns.ask.max_turns: required, between 1 and 50",
                "MCP041 mcp.turns.ask.max_tool_calls: between 1 and 200",
                "MCP012 mcp.turns.ask.stop.output_schema: not valid JSON Schema 2020-12 at /type: "
                        + "does not have a value in the enumeration [\"array\", \"boolean\", \"integer\", \"null\","
                        + " \"number\", \"object\", \"string\"]");
    }

    @Test
    void aStepRetryOfAnUnsafeToolIsRefusedAndAnAgentLoopIsNeitherLoopedNorGivenArgs() {
        String yaml = playbook("""
                    post: { server: crm }
                  models:
                    local: { url: "http://127.0.0.1:8932/v1", model: m }
                  turns:
                    ask: { model: local, prompt: "hi", max_turns: 2 }
                """, """
                    next: [ agent ]
                  - step: agent
                    loop: { over: "$workload.days", as: day }
                    task: ask
                    args: { q: "$day" }
                    next: [ send ]
                  - step: send
                    task: post
                    retry: { max_attempts: 2 }
                """);

        assertThat(messages(yaml)).containsExactly(
                "PB035 step `agent` runs the agent loop `ask`, which cannot be a loop step",
                "PB035 step `agent` passes `args` to the agent loop `ask`",
                "MCP013 workflow.send.retry.max_attempts: 2 retries a tool that is neither read_only nor idempotent;"
                        + " a retry could repeat its side effect");
    }

    @Test
    void undeclaredResourcesAreFoundInTurnsAndOutput() {
        String yaml = playbook("""
                  models:
                    local: { url: "http://127.0.0.1:8932/v1", model: m }
                  turns:
                    ask: { model: local, prompt: "Read $resources.guide.text", max_turns: 2 }
                """, """
                    next: [ agent ]
                  - step: agent
                    task: ask
                output: "$resources.manual.text"
                """);

        assertThat(messages(yaml)).containsExactly(
                "MCP023 mcp.turns.ask.prompt: $resources.guide is not declared in mcp.resources",
                "MCP023 output: $resources.manual is not declared in mcp.resources");
    }

    @Test
    void anOpenInputSchemaAcceptsExtraArgsAndTemplatedArgsAreNotTypeChecked() {
        String yaml = playbook("", "").replace("    echo: { server: crm, read_only: true }",
                "    echo: { server: crm, read_only: true, input_schema: { type: object, required: [ n ],"
                        + " properties: { n: { type: integer } } } }")
                .replace("args: { text: hi }", "args: { n: \"$workload.days.size()\", extra: 1 }");

        assertThat(messages(yaml)).isEmpty();
    }

    @Test
    void unknownKeysDirectlyUnderMcpAreMcp001AndMetadataMcpIsCarriedIntoTheGraph() {
        assertThat(messages(playbook("  prompts: {}\n", ""))).containsExactly(
                "MCP001 mcp: unknown key 'prompts'; allowed: models, resources, servers, tools, turns");

        CompilationResult exposed = COMPILER.compile("rules.yaml", playbook("", "").replace("metadata: { name: rules }",
                "metadata:\n  name: rules\n  mcp: { expose: true, input_schema: { type: object } }"));
        assertThat(exposed.diagnostics()).isEmpty();
        assertThat(exposed.graph().orElseThrow().mcpExposure())
                .isEqualTo(new McpExposure(true, Map.of("type", "object")));
        assertThat(COMPILER.compile("rules.yaml", playbook("", "")).graph().orElseThrow().mcpExposure())
                .isEqualTo(McpExposure.none());
        assertThat(messages(playbook("", "").replace("metadata: { name: rules }",
                "metadata: { name: rules, mcp: { exposed: true } }")))
                .singleElement().asString().startsWith("PB005 unknown key `exposed`");
    }

    @Test
    void schemaReferencesAreResolvedLocallyOrRefusedNeverFetched() {
        String remote = playbook("", "").replace("    echo: { server: crm, read_only: true }",
                "    echo: { server: crm, read_only: true, input_schema: { type: object,"
                        + " properties: { a: { $ref: \"http://127.0.0.1:9/defs/a.json\" } } } }");
        String dangling = remote.replace("http://127.0.0.1:9/defs/a.json", "#/$defs/a");

        assertThat(messages(remote)).containsExactly("MCP012 mcp.tools.echo.input_schema: not valid JSON Schema"
                + " 2020-12 at /properties/a/$ref: 'http://127.0.0.1:9/defs/a.json' is not a local reference (#...);"
                + " the compiler resolves no URL or file");
        assertThat(messages(dangling)).singleElement().asString()
                .startsWith("MCP012 mcp.tools.echo.input_schema: not valid JSON Schema 2020-12 at /: ")
                .contains("/$defs/a");
    }

    /** Values of the wrong type are schema errors, never exceptions, and the rules still see the rest. */
    @Test
    void malformedSectionsAreDiagnosedWithoutExceptions() {
        String[] sections = {
            "mcp:\n  servers: { s: { command: [] } }\n  turns: { t: { model: m, tools: [ {a: 1} ], messages: [ x ],"
                    + " max_turns: \"6\" } }\n",
            "mcp:\n  servers: { s: { command: [ {x: 1} ], url: 3 } }\n  tools: { e: { server: s,"
                    + " input_schema: { properties: [1], required: id } } }\n",
            "mcp:\n  servers: 3\n  tools: { e: 5 }\n",
            "mcp:\n  resources: { r: { server: nope, uri_template: \"{a}{\", args: [1] } }\n"
                    + "  models: { m: { url: 1, model: 2, temperature: x, timeout: zz } }\n",
        };
        String[] workflows = {
            "workflow:\n  - step: start\n    next: [ c ]\n  - step: c\n    task: e\n    args: [ 1 ]\n",
            "workflow:\n  - step: start\n    next: [ c ]\n  - step: c\n    task: t\n    loop: { over: x, as: y }\n",
            "workflow:\n  - step: start\n    next: [ c ]\n  - step: c\n    task: e\n    args: { b: \"$resources.r\" }\n"
                    + "output: \"$resources.r.text\"\n",
        };
        for (String section : sections) {
            for (String workflow : workflows) {
                CompilationResult result = COMPILER.compile("f.yaml",
                        "apiVersion: playbatch.io/v2\nkind: Playbook\nmetadata: { name: f }\n" + section + workflow);
                assertThat(result.hasErrors()).as(section + workflow).isTrue();
                assertThat(result.graph()).isEmpty();
            }
        }
    }

    @Test
    void callableNamesAreStepStyleNames() {
        assertThat(messages(playbook("    get-log: { server: crm, read_only: true }\n", """
                    next: [ log ]
                  - step: log
                    task: echo
                    args: { text: x }
                """))).contains("PB009 `get-log` is not a valid name (`mcp.tools`)");
    }
}
