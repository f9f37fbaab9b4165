package io.playbatch.runtime;

import io.playbatch.compiler.ir.AgentLoopNode;
import io.playbatch.compiler.ir.McpModelSpec;
import io.playbatch.compiler.ir.McpResourceSpec;
import io.playbatch.compiler.ir.McpToolSpec;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.compiler.ir.TaskSpec;
import io.playbatch.ledger.EventType;
import io.playbatch.ledger.NewEvent;
import io.playbatch.queue.EnqueueRequest;
import io.playbatch.queue.QueueOutcome;
import io.playbatch.render.RenderContext;
import io.playbatch.render.RenderException;
import io.playbatch.runtime.QueuedOutcomes.Awaited;
import io.playbatch.save.SaveException;
import io.playbatch.taskmodel.RenderedTask;
import io.playbatch.tasks.TaskResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.batch.core.job.JobInterruptedException;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The manager side of an agent loop (an {@code mcp.turns} entry used by a step, docs/mcp.md#the-agent-loop-step): one
 * tasklet step that runs one model turn per call and returns {@link RepeatStatus#CONTINUABLE}
 * until the loop ends. Turn {@code k} is a {@code model_turn} queue row {@code step[k]} caused by
 * its {@code loop_iteration(current_index=k)} event; each tool call {@code j} the model asks for is
 * checked here against the tool's input schema and, when valid, is an {@code mcp_tool_call} row
 * {@code step[k].tool[j]} caused by the turn's {@code task_completed}; an invalid, unknown or
 * unlisted call is answered to the model with {@code {"error": ...}} and nothing is enqueued.
 * Deterministic: the prompt is rendered once, and a turn or tool call that an earlier execution of
 * the run finished is carried over from its stored result instead of being sent again, so a
 * restart never repeats a model request or a tool call. The turn index, tool-call count and the
 * node ids making up the transcript are kept in the step's {@code ExecutionContext}.
 */
final class AgentLoopTasklet implements Tasklet {

    static final String TURN_KEY = "agent.turn";
    static final String TOOL_CALLS_KEY = "agent.tool_calls";
    static final String TRANSCRIPT_KEY = "agent.transcript";

    private final PlaybookGraph graph;
    private final StepNode node;
    private final AgentLoopNode loop;
    private final RuntimeServices services;
    private final StepEvents events;
    private final Map<Long, Run> runs = new ConcurrentHashMap<>();

    AgentLoopTasklet(PlaybookGraph graph, StepNode node, RuntimeServices services) {
        this.graph = graph;
        this.node = node;
        this.loop = node.agentLoop().orElseThrow(() -> new IllegalArgumentException(
                "step " + node.name() + " is not an agent loop"));
        this.services = services;
        this.events = new StepEvents(graph, node, services);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        Run run = runs.computeIfAbsent(step.getId(), id -> new Run(step.getJobExecutionId()));
        boolean more;
        try {
            more = run.next();
        } catch (LoopFailed failed) {
            runs.remove(step.getId());
            run.fail(failed);
            throw new StepTaskFailedException("step " + node.name() + " failed: [" + failed.type + "] "
                    + failed.getMessage());
        } catch (LoopStopped stopped) {
            runs.remove(step.getId());
            run.stopped(stopped);
            // As for any step: Spring Batch ends the step and the job STOPPED; a restart runs the rest.
            throw new JobInterruptedException(stopped.result.errorMessage());
        } catch (RuntimeException | InterruptedException e) {
            runs.remove(step.getId());
            throw e;
        }
        step.getExecutionContext().putInt(TURN_KEY, run.turn);
        step.getExecutionContext().putInt(TOOL_CALLS_KEY, run.toolCallCount);
        step.getExecutionContext().put(TRANSCRIPT_KEY, new ArrayList<>(run.transcriptRefs));
        if (more) {
            return RepeatStatus.CONTINUABLE;
        }
        runs.remove(step.getId());
        return RepeatStatus.FINISHED;
    }

    /** A failure that ends the loop, with its {@code error.type}. */
    private static final class LoopFailed extends Exception {
        final String type;

        LoopFailed(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    /** A stop of the execution: no further turn or tool call is dispatched, and a queued one was withdrawn. */
    private static final class LoopStopped extends Exception {
        final TaskResult result;

        LoopStopped(TaskResult result) {
            super(result.errorMessage());
            this.result = result;
        }
    }

    /** One execution of the loop: its transcript and counters, used by the step's thread only. */
    private final class Run {
        private final long executionId;
        private final long startedEventId;
        private final long loopStartedEventId;
        private final RenderContext context;
        private final List<Map<String, Object>> transcript = new ArrayList<>();
        private final List<String> transcriptRefs = new ArrayList<>();
        private final List<Map<String, Object>> toolDefinitions = new ArrayList<>();
        private final Map<String, Map<String, Object>> inputSchemas = new LinkedHashMap<>();
        private final List<Map<String, Object>> toolCalls = new ArrayList<>();
        private final Map<String, Object> model;
        private long promptTokens;
        private long completionTokens;
        private int turn;
        private int toolCallCount;
        private boolean correctiveTurnUsed;
        private Object lastAnswer;
        private final String renderError;

        Run(long executionId) {
            this.executionId = executionId;
            this.startedEventId = events.started(executionId);
            this.context = services.contexts().load(executionId, graph.path(), node.name());
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("model", loop.model().name());
            start.put("max_turns", loop.maxTurns());
            start.put("max_tool_calls", loop.maxToolCalls());
            start.put("tools", loop.tools().stream().map(McpToolSpec::name).toList());
            this.loopStartedEventId = services.ledger().append(NewEvent.of(executionId, EventType.LOOP_STARTED)
                    .node(node.name(), "agent_loop").parent(startedEventId).status("started").context(start).build())
                    .eventId();
            this.model = new LinkedHashMap<>();
            String problem = null;
            try {
                renderPrompt();
            } catch (RenderException e) {
                problem = e.getMessage();
            }
            this.renderError = problem;
            for (McpToolSpec tool : loop.tools()) {
                Map<String, Object> function = new LinkedHashMap<>();
                function.put("name", tool.name());
                if (tool.description() != null) {
                    function.put("description", tool.description());
                }
                if (tool.inputSchema() != null) {
                    function.put("parameters", tool.inputSchema());
                }
                inputSchemas.put(tool.name(), tool.inputSchema());
                Map<String, Object> definition = new LinkedHashMap<>();
                definition.put("type", "function");
                definition.put("function", function);
                toolDefinitions.add(definition);
            }
        }

        /** Renders system, few-shot messages, context and prompt once, and the model's settings. */
        private void renderPrompt() {
            String field = "mcp.turns." + loop.name();
            McpModelSpec spec = loop.model();
            String modelField = "mcp.models." + spec.name();
            model.put("url", services.renderer().render(spec.url(), context, modelField + ".url"));
            model.put("model", services.renderer().render(spec.model(), context, modelField + ".model"));
            if (spec.apiKey() != null) {
                model.put("api_key", services.renderer().render(spec.apiKey(), context, modelField + ".api_key"));
            }
            model.put("temperature", spec.temperature());
            if (spec.seed() != null) {
                model.put("seed", spec.seed());
            }
            model.put("max_tokens", spec.maxTokens());
            model.put("timeout_ms", spec.timeout().toMillis());
            if (loop.system() != null) {
                transcript.add(message("system", render(loop.system(), field + ".system")));
            }
            for (int i = 0; i < loop.messages().size(); i++) {
                AgentLoopNode.Message m = loop.messages().get(i);
                transcript.add(message(m.role(), render(m.content(), field + ".messages[" + i + "].content")));
            }
            if (!loop.context().isEmpty()) {
                StringBuilder text = new StringBuilder("Context:");
                for (McpResourceSpec resource : loop.context()) {
                    Object data = ((Map<?, ?>) context.variables().get("resources")).get(resource.name());
                    Object body = data instanceof Map<?, ?> d ? d.get("text") : null;
                    text.append("\n\n## ").append(resource.name()).append("\n").append(body == null ? "" : body);
                }
                transcript.add(message("user", text.toString()));
            }
            if (loop.prompt() != null) {
                transcript.add(message("user", render(loop.prompt(), field + ".prompt")));
            }
        }

        private String render(String template, String field) {
            return String.valueOf(services.renderer().render(template, context, field));
        }

        /** Runs turn {@link #turn}; true when another turn follows. */
        @SuppressWarnings("unchecked")
        boolean next() throws LoopFailed, LoopStopped, InterruptedException {
            if (services.heartbeat().stopRequested(executionId)) {
                throw new LoopStopped(TaskResult.error(QueuedOutcomes.STOPPED, "execution " + executionId
                        + " was stopped before turn " + turn + " of " + node.name() + "; restart it to run the rest",
                        0, 0, null));
            }
            if (renderError != null) {
                throw new LoopFailed("render_error", renderError);
            }
            if (turn >= loop.maxTurns()) {
                return limit("max_turns");
            }
            int k = turn;
            String turnNode = AgentLoopNode.turnNodeId(node.name(), k);
            Turn outcome = modelTurn(k, turnNode);
            TaskResult result = outcome.result;
            if (!result.ok()) {
                throw new LoopFailed(result.errorType(), "model turn " + turnNode + " failed: " + result.errorMessage());
            }
            Map<String, Object> data = (Map<String, Object>) result.data();
            if (data.get("tool_schemas") instanceof Map<?, ?> pinned) {
                pin((Map<String, Object>) pinned);
            }
            Map<String, Object> usage = data.get("usage") instanceof Map<?, ?> u ? (Map<String, Object>) u : Map.of();
            promptTokens += number(usage.get("prompt_tokens"));
            completionTokens += number(usage.get("completion_tokens"));
            Map<String, Object> assistant = data.get("message") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : Map.of("role", "assistant", "content", "");
            Map<String, Object> said = new LinkedHashMap<>();
            said.put("role", "assistant");
            said.put("content", assistant.get("content"));
            List<Object> calls = assistant.get("tool_calls") instanceof List<?> l ? (List<Object>) l : List.of();
            if (!calls.isEmpty()) {
                said.put("tool_calls", calls);
            }
            transcript.add(said);
            transcriptRefs.add(turnNode);
            lastAnswer = assistant.get("content");
            String limitHit = null;
            if (!calls.isEmpty()) {
                limitHit = callTools(k, turnNode, outcome.parentOfToolCalls, calls);
            }
            turn = k + 1;
            iterationCompleted(k, outcome.iterationEventId, data.get("finish_reason"), calls.size(), usage);
            if (limitHit != null) {
                return limit(limitHit);
            }
            if (!calls.isEmpty()) {
                return true;
            }
            return finalAnswer(assistant.get("content"));
        }

        /** The answer without tool calls: checked against {@code stop.output_schema}, with one corrective turn. */
        private boolean finalAnswer(Object content) throws LoopFailed {
            if (loop.outputSchema() == null) {
                complete("no_tool_calls", content);
                return false;
            }
            String text = content == null ? "" : String.valueOf(content).strip();
            Object parsed;
            String violation;
            try {
                parsed = services.agents().json().read(unfenced(text));
                violation = services.agents().schemas().violation(loop.outputSchema(), parsed).orElse(null);
            } catch (RuntimeException e) {
                parsed = null;
                violation = "the answer is not JSON";
            }
            if (violation == null) {
                complete("no_tool_calls", parsed);
                return false;
            }
            if (!correctiveTurnUsed && turn < loop.maxTurns()) {
                correctiveTurnUsed = true;
                transcript.add(message("user", "Your answer does not match the required output schema: " + violation
                        + ". Answer again with only a JSON value matching this schema: "
                        + services.agents().json().write(loop.outputSchema())));
                return true;
            }
            throw new LoopFailed("mcp_output_invalid", "the model's final answer does not match"
                    + " mcp.turns." + loop.name() + ".stop.output_schema after one corrective turn: " + violation
                    + " (fix: make the prompt ask for that JSON, or relax the schema)");
        }

        private static String unfenced(String text) {
            if (text.startsWith("```")) {
                int start = text.indexOf('\n');
                int end = text.lastIndexOf("```");
                if (start > 0 && end > start) {
                    return text.substring(start + 1, end).strip();
                }
            }
            return text;
        }

        /** The schemas the turn-0 worker fetched with tools/list for tools the playbook does not pin. */
        @SuppressWarnings("unchecked")
        private void pin(Map<String, Object> fetched) {
            fetched.forEach((name, value) -> {
                Map<String, Object> schema = (Map<String, Object>) value;
                if (inputSchemas.get(name) == null) {
                    inputSchemas.put(name, (Map<String, Object>) schema.get("input_schema"));
                }
                for (Map<String, Object> definition : toolDefinitions) {
                    Map<String, Object> function = (Map<String, Object>) definition.get("function");
                    if (name.equals(function.get("name"))) {
                        function.putIfAbsent("parameters", schema.get("input_schema"));
                        if (schema.get("description") != null) {
                            function.putIfAbsent("description", schema.get("description"));
                        }
                    }
                }
            });
        }

        private Turn modelTurn(int k, String turnNode) throws LoopFailed, LoopStopped, InterruptedException {
            Optional<QueueOutcome> earlier = services.queue().finishedInEarlierExecution(executionId, turnNode)
                    .filter(QueueOutcome::done);
            if (earlier.isPresent()) {
                Map<String, Object> reused = new LinkedHashMap<>();
                reused.put("carried_over", true);
                reused.put("queue_id", String.valueOf(earlier.get().queueId()));
                long iteration = services.ledger().append(NewEvent.of(executionId, EventType.LOOP_ITERATION)
                        .node(node.name(), "agent_loop").nodeId(turnNode).index(k).parent(loopStartedEventId)
                        .status("reused").context(reused).build()).eventId();
                return new Turn(earlier.get().result(), iteration, iteration);
            }
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("model", model);
            args.put("messages", transcript);
            args.put("tools", toolDefinitions);
            args.put("tool_choice", loop.toolChoice().name().toLowerCase(Locale.ROOT));
            List<Map<String, Object>> discover = new ArrayList<>();
            if (k == 0) {
                for (McpToolSpec tool : loop.tools()) {
                    if (tool.inputSchema() == null || tool.description() == null) {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("name", tool.name());
                        entry.put("tool", tool.remoteName());
                        entry.put("server", services.tasks().server(tool.server(), context));
                        discover.add(entry);
                    }
                }
            }
            if (!discover.isEmpty()) {
                args.put("discover", discover);
            }
            RenderedTask task = new RenderedTask(TaskSpec.MODEL_TURN, args, loop.model().timeout().toMillis() + 5_000);
            long bytes = services.agents().json().write(args).length();
            if (bytes > services.agents().maxTranscriptBytes()) {
                throw new LoopFailed("agent_transcript_too_large", "turn " + turnNode + " would send " + bytes
                        + " bytes, over playbatch.mcp.max-transcript-bytes " + services.agents().maxTranscriptBytes()
                        + " (fix: lower max_turns, make tools return less, or raise the property)");
            }
            NewEvent iteration = NewEvent.of(executionId, EventType.LOOP_ITERATION).node(node.name(), "agent_loop")
                    .nodeId(turnNode).index(k).parent(loopStartedEventId).status("dispatched").build();
            EnqueueRequest request = new EnqueueRequest(executionId, turnNode, node.name(), k, task,
                    loop.model().retry().maxAttempts(), QueueTaskDispatcher.backoff(loop.model().retry()), 0, null);
            Awaited awaited = await(List.of(request), List.of(iteration));
            long iterationEventId = awaited.enqueued().get(0).causeEventId();
            long completed = services.ledger().latestEventIdOfNode(executionId, EventType.TASK_COMPLETED, turnNode)
                    .orElse(iterationEventId);
            return new Turn(awaited.outcomes().get(0).result(), iterationEventId, completed);
        }

        /** Checks and runs the tool calls of turn {@code k}; returns the limit hit, or null. */
        @SuppressWarnings("unchecked")
        private String callTools(int k, String turnNode, long parent, List<Object> calls)
                throws InterruptedException, LoopStopped {
            String limitHit = null;
            Map<Integer, Map<String, Object>> answers = new LinkedHashMap<>();
            List<EnqueueRequest> requests = new ArrayList<>();
            List<Integer> requestIndexes = new ArrayList<>();
            List<Map<String, Object>> entries = new ArrayList<>();
            for (int j = 0; j < calls.size(); j++) {
                if (toolCallCount >= loop.maxToolCalls()) {
                    limitHit = "max_tool_calls";
                    break;
                }
                toolCallCount++;
                Map<String, Object> call = calls.get(j) instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
                Map<String, Object> function = call.get("function") instanceof Map<?, ?> f
                        ? (Map<String, Object>) f : Map.of();
                String name = String.valueOf(function.get("name"));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", name);
                entry.put("node_id", null);
                entries.add(entry);
                String problem = null;
                Map<String, Object> arguments = null;
                Optional<McpToolSpec> tool = loop.tool(name);
                if (tool.isEmpty()) {
                    problem = "tool '" + name + "' is not offered in this loop; offered: "
                            + loop.tools().stream().map(McpToolSpec::name).toList();
                } else {
                    try {
                        Object parsed = function.get("arguments") instanceof String text
                                ? services.agents().json().read(text.isBlank() ? "{}" : text) : function.get("arguments");
                        if (parsed instanceof Map<?, ?> map) {
                            arguments = (Map<String, Object>) map;
                        } else {
                            problem = "the arguments of tool '" + name + "' must be a JSON object";
                        }
                    } catch (RuntimeException e) {
                        problem = "the arguments of tool '" + name + "' are not valid JSON";
                    }
                    Map<String, Object> schema = inputSchemas.get(name);
                    if (problem == null && schema != null) {
                        String violation = services.agents().schemas().violation(schema, arguments).orElse(null);
                        if (violation != null) {
                            problem = "the arguments of tool '" + name + "' do not match its input schema: " + violation;
                        }
                    }
                }
                if (problem != null) {
                    entry.put("status", "invalid");
                    answers.put(j, toolMessage(call, Map.of("error", problem)));
                    continue;
                }
                String toolNode = AgentLoopNode.toolCallNodeId(node.name(), k, j);
                entry.put("node_id", toolNode);
                McpToolSpec spec = tool.get();
                Optional<QueueOutcome> earlier = services.queue().finishedInEarlierExecution(executionId, toolNode)
                        .filter(o -> o.done() || !spec.repeatable());
                if (earlier.isPresent()) {
                    entry.put("status", earlier.get().done() ? "ok" : "error");
                    answers.put(j, toolMessage(call, toolContent(earlier.get().result())));
                    transcriptRefs.add(toolNode);
                    continue;
                }
                RenderedTask task = new RenderedTask(TaskSpec.MCP_TOOL_CALL,
                        services.tasks().toolArgs(spec, arguments, context, toolNode), null, !spec.repeatable());
                requests.add(new EnqueueRequest(executionId, toolNode, node.name(), k, task,
                        spec.repeatable() ? spec.retry().maxAttempts() : 1, QueueTaskDispatcher.backoff(spec.retry()), 0,
                        parent));
                requestIndexes.add(j);
            }
            if (!requests.isEmpty()) {
                Awaited awaited = await(requests, null);
                for (int i = 0; i < requests.size(); i++) {
                    int j = requestIndexes.get(i);
                    TaskResult result = awaited.outcomes().get(i).result();
                    entries.get(j).put("status", result.ok() ? "ok" : "error");
                    answers.put(j, toolMessage((Map<String, Object>) calls.get(j), toolContent(result)));
                    transcriptRefs.add(requests.get(i).nodeId());
                }
            }
            toolCalls.addAll(entries);
            for (int j = 0; j < calls.size(); j++) {
                if (answers.containsKey(j)) {
                    transcript.add(answers.get(j));
                }
            }
            return limitHit;
        }

        private Object toolContent(TaskResult result) {
            if (result.ok()) {
                return result.data();
            }
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", result.errorType() + ": " + result.errorMessage());
            return error;
        }

        private Map<String, Object> toolMessage(Map<String, Object> call, Object content) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "tool");
            message.put("tool_call_id", call.get("id"));
            // Keys sorted: a result read back from jsonb (on restart) gives the model the very same text.
            message.put("content", content instanceof String s ? s : services.agents().json().write(sorted(content)));
            return message;
        }

        private void iterationCompleted(int k, long iterationEventId, Object finishReason, int calls,
                Map<String, Object> usage) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("finish_reason", finishReason);
            summary.put("tool_calls", calls);
            summary.put("prompt_tokens", usage.get("prompt_tokens"));
            summary.put("completion_tokens", usage.get("completion_tokens"));
            services.ledger().append(NewEvent.of(executionId, EventType.LOOP_ITERATION_COMPLETED)
                    .node(node.name(), "agent_loop").nodeId(AgentLoopNode.turnNodeId(node.name(), k)).index(k)
                    .parent(iterationEventId).status("completed").context(summary).build());
        }

        private boolean limit(String which) throws LoopFailed {
            if (loop.onLimit() == AgentLoopNode.OnLimit.COMPLETE) {
                complete(which, lastAnswer);
                return false;
            }
            int bound = "max_turns".equals(which) ? loop.maxTurns() : loop.maxToolCalls();
            throw new LoopFailed("agent_limit_reached", "the agent loop mcp.turns." + loop.name() + " reached "
                    + which + " = " + bound + " without a final answer (fix: raise " + which + ", or set on_limit:"
                    + " complete to accept the loop's last answer)");
        }

        private void complete(String stopReason, Object finalAnswer) throws LoopFailed {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("final", finalAnswer);
            data.put("stop_reason", stopReason);
            data.put("turns", turn);
            data.put("tool_calls", toolCalls);
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("prompt_tokens", promptTokens);
            usage.put("completion_tokens", completionTokens);
            data.put("usage", usage);
            if (node.save() != null) {
                // As for any step: the step completes only once its data is saved.
                try {
                    services.saver().save(services.renderer().renderMap(node.save(),
                            services.contexts().load(executionId, graph.path(), node.name()), "save"), data);
                } catch (RenderException e) {
                    throw new LoopFailed("render_error", e.getMessage());
                } catch (SaveException e) {
                    throw new LoopFailed("save_error", "save failed: " + e.getMessage());
                }
            }
            services.ledger().append(NewEvent.of(executionId, EventType.LOOP_COMPLETED).node(node.name(), "agent_loop")
                    .parent(loopStartedEventId).status("completed")
                    .context(Map.of("stop_reason", stopReason, "turns", turn)).build());
            events.completed(executionId, startedEventId, TaskResult.ok(data, 0, 1, services.workerId()));
        }

        void stopped(LoopStopped stopped) {
            services.ledger().append(NewEvent.of(executionId, EventType.LOOP_COMPLETED).node(node.name(), "agent_loop")
                    .parent(loopStartedEventId).status("stopped").context(Map.of("stop_reason", "stopped", "turns", turn))
                    .error(stopped.result.errorMap()).build());
            events.stopped(executionId, startedEventId, stopped.result);
        }

        void fail(LoopFailed failed) {
            services.ledger().append(NewEvent.of(executionId, EventType.LOOP_COMPLETED).node(node.name(), "agent_loop")
                    .parent(loopStartedEventId).status("failed")
                    .context(Map.of("stop_reason", failed.type, "turns", turn))
                    .error(Map.of("type", failed.type, "message", failed.getMessage())).build());
            events.failed(executionId, startedEventId, TaskResult.error(failed.type, "step " + node.name() + ": "
                    + failed.getMessage(), 0, 1, services.workerId()));
        }

        /** Enqueues (optionally each caused by an event appended with it) and waits for every row to finish. */
        private Awaited await(List<EnqueueRequest> requests, List<NewEvent> causes)
                throws InterruptedException, LoopStopped {
            Awaited awaited = services.outcomes().enqueueAndWait(requests, causes == null ? services.queue()::enqueue
                    : r -> services.queue().enqueueCausedBy(causes, r));
            for (QueueOutcome outcome : awaited.outcomes()) {
                if (QueuedOutcomes.STOPPED.equals(outcome.result().errorType())) {
                    throw new LoopStopped(outcome.result());
                }
            }
            return awaited;
        }
    }

    private record Turn(TaskResult result, long iterationEventId, long parentOfToolCalls) {
    }

    private static Map<String, Object> message(String role, String content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AgentLoopTasklet::sorted).toList();
        }
        return value;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
