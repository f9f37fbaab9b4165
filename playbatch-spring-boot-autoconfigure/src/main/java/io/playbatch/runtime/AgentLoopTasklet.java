package io.playbatch.runtime;

import io.playbatch.agent.AgentBudget;
import io.playbatch.agent.AgentBudget.Limit;
import io.playbatch.agent.AgentLoopEvents;
import io.playbatch.agent.AgentLoopFailure;
import io.playbatch.agent.AgentPrompt;
import io.playbatch.agent.AgentTasks;
import io.playbatch.agent.AgentTools;
import io.playbatch.agent.AgentTools.ToolCall;
import io.playbatch.agent.AgentTranscript;
import io.playbatch.agent.FinalAnswerCheck;
import io.playbatch.agent.FinalAnswerCheck.Verdict;
import io.playbatch.agent.PromptRenderer;
import io.playbatch.compiler.ir.AgentLoopNode;
import io.playbatch.compiler.ir.McpToolSpec;
import io.playbatch.compiler.ir.PlaybookGraph;
import io.playbatch.compiler.ir.StepNode;
import io.playbatch.json.JsonCodec;
import io.playbatch.mcp.client.JsonSchemaCheck;
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
import java.util.Map;
import java.util.Optional;
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
 * checked against the tool's input schema ({@link AgentTools}) and, when valid, is an
 * {@code mcp_tool_call} row {@code step[k].tool[j]} caused by the turn's {@code task_completed}; an
 * invalid, unknown or unlisted call is answered to the model with {@code {"error": ...}} and nothing
 * is enqueued. This class only orders the work: the prompt ({@link PromptRenderer}), the tasks
 * ({@link AgentTasks}), the transcript ({@link AgentTranscript}), the bounds ({@link AgentBudget}),
 * the final answer's schema ({@link FinalAnswerCheck}), the ledger ({@link AgentLoopEvents},
 * {@link StepEvents}) and the queue ({@link AgentQueue}) each have their own unit.
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
    private final StepEvents events;
    private final AgentLoopEvents loopEvents;
    private final ManagerHeartbeat heartbeat;
    private final RunContextLoader contexts;
    private final PromptRenderer prompts;
    private final AgentTasks tasks;
    private final AgentQueue queue;
    private final JsonCodec json;
    private final JsonSchemaCheck schemas;
    private final FinalAnswerCheck answers;
    private final NodeSave save;
    private final String workerId;
    private final Map<Long, Run> runs = new ConcurrentHashMap<>();

    AgentLoopTasklet(PlaybookGraph graph, StepNode node, StepEvents events, AgentLoopEvents loopEvents,
            ManagerHeartbeat heartbeat, RunContextLoader contexts, PromptRenderer prompts, AgentTasks tasks,
            AgentQueue queue, JsonCodec json, JsonSchemaCheck schemas, NodeSave save, String workerId) {
        this.graph = graph;
        this.node = node;
        this.loop = node.agentLoop().orElseThrow(() -> new IllegalArgumentException(
                "step " + node.name() + " is not an agent loop"));
        this.events = events;
        this.loopEvents = loopEvents;
        this.heartbeat = heartbeat;
        this.contexts = contexts;
        this.prompts = prompts;
        this.tasks = tasks;
        this.queue = queue;
        this.json = json;
        this.schemas = schemas;
        this.answers = new FinalAnswerCheck(json, schemas);
        this.save = save;
        this.workerId = workerId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        StepExecution step = chunkContext.getStepContext().getStepExecution();
        Run run = runs.computeIfAbsent(step.getId(), id -> new Run(step.getJobExecutionId()));
        boolean more;
        try {
            more = run.next();
        } catch (AgentLoopFailure failed) {
            runs.remove(step.getId());
            run.fail(failed);
            throw new StepTaskFailedException("step " + node.name() + " failed: [" + failed.type() + "] "
                    + failed.getMessage());
        } catch (AgentQueue.Stopped stopped) {
            runs.remove(step.getId());
            run.stopped(stopped.result());
            // As for any step: Spring Batch ends the step and the job STOPPED; a restart runs the rest.
            throw new JobInterruptedException(stopped.result().errorMessage());
        } catch (RuntimeException | InterruptedException e) {
            runs.remove(step.getId());
            throw e;
        }
        step.getExecutionContext().putInt(TURN_KEY, run.budget.turns());
        step.getExecutionContext().putInt(TOOL_CALLS_KEY, run.budget.toolCalls());
        step.getExecutionContext().put(TRANSCRIPT_KEY, new ArrayList<>(run.transcript.nodeIds()));
        if (more) {
            return RepeatStatus.CONTINUABLE;
        }
        runs.remove(step.getId());
        return RepeatStatus.FINISHED;
    }

    /** One execution of the loop: its prompt, tools, transcript and budget, used by the step's thread only. */
    private final class Run {
        private final long executionId;
        private final long startedEventId;
        private final long loopStartedEventId;
        private final RenderContext context;
        private final AgentPrompt prompt;
        private final String renderError;
        private final AgentTools tools;
        private final AgentTranscript transcript;
        private final AgentBudget budget;

        Run(long executionId) {
            this.executionId = executionId;
            this.startedEventId = events.started(executionId);
            this.context = contexts.load(executionId, graph.path(), node.name());
            this.loopStartedEventId = loopEvents.loopStarted(executionId, startedEventId, loop);
            AgentPrompt rendered = null;
            String problem = null;
            try {
                rendered = prompts.render(loop, context);
            } catch (RenderException e) {
                // Reported by the first turn, after a stop request has had its say.
                problem = e.getMessage();
            }
            this.prompt = rendered;
            this.renderError = problem;
            this.tools = new AgentTools(loop, json, schemas);
            this.transcript = new AgentTranscript(json, rendered == null ? List.of() : rendered.opening());
            this.budget = new AgentBudget(loop);
        }

        /** Runs the next turn; true when another turn follows. */
        @SuppressWarnings("unchecked")
        boolean next() throws AgentLoopFailure, AgentQueue.Stopped, InterruptedException {
            if (heartbeat.stopRequested(executionId)) {
                throw new AgentQueue.Stopped(TaskResult.error(QueuedOutcomes.STOPPED, "execution " + executionId
                        + " was stopped before turn " + budget.turns() + " of " + node.name()
                        + "; restart it to run the rest", 0, 0, null));
            }
            if (renderError != null) {
                throw new AgentLoopFailure("render_error", renderError);
            }
            if (!budget.turnLeft()) {
                return limit(Limit.MAX_TURNS);
            }
            int k = budget.turns();
            String turnNode = AgentLoopNode.turnNodeId(node.name(), k);
            Turn outcome = modelTurn(k, turnNode);
            TaskResult result = outcome.result;
            if (!result.ok()) {
                throw new AgentLoopFailure(result.errorType(), "model turn " + turnNode + " failed: "
                        + result.errorMessage());
            }
            Map<String, Object> data = (Map<String, Object>) result.data();
            if (data.get("tool_schemas") instanceof Map<?, ?> pinned) {
                tools.pin((Map<String, Object>) pinned);
            }
            Map<String, Object> usage = data.get("usage") instanceof Map<?, ?> u ? (Map<String, Object>) u : Map.of();
            budget.used(usage);
            Map<String, Object> assistant = data.get("message") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : Map.of("role", "assistant", "content", "");
            List<Object> calls = assistant.get("tool_calls") instanceof List<?> l ? (List<Object>) l : List.of();
            transcript.answered(turnNode, assistant.get("content"), calls);
            Limit limitHit = calls.isEmpty() ? null : callTools(k, outcome.parentOfToolCalls, calls);
            budget.turnTaken();
            loopEvents.turnCompleted(executionId, outcome.iterationEventId, k, data.get("finish_reason"), calls.size(),
                    usage);
            if (limitHit != null) {
                return limit(limitHit);
            }
            if (!calls.isEmpty()) {
                return true;
            }
            return finalAnswer(assistant.get("content"));
        }

        /** The answer without tool calls: checked against {@code stop.output_schema}, with one corrective turn. */
        private boolean finalAnswer(Object content) throws AgentLoopFailure {
            if (loop.outputSchema() == null) {
                complete("no_tool_calls", content);
                return false;
            }
            Verdict verdict = answers.check(loop.outputSchema(), content);
            if (verdict.matches()) {
                complete("no_tool_calls", verdict.parsed());
                return false;
            }
            if (budget.takeCorrectiveTurn()) {
                transcript.userSays(answers.correction(loop.outputSchema(), verdict.violation()));
                return true;
            }
            throw new AgentLoopFailure("mcp_output_invalid", "the model's final answer does not match"
                    + " mcp.turns." + loop.name() + ".stop.output_schema after one corrective turn: "
                    + verdict.violation() + " (fix: make the prompt ask for that JSON, or relax the schema)");
        }

        private Turn modelTurn(int k, String turnNode) throws AgentLoopFailure, AgentQueue.Stopped,
                InterruptedException {
            Optional<QueueOutcome> earlier = queue.finishedEarlier(executionId, turnNode).filter(QueueOutcome::done);
            if (earlier.isPresent()) {
                long iteration = loopEvents.turnReused(executionId, loopStartedEventId, turnNode, k,
                        earlier.get().queueId());
                return new Turn(earlier.get().result(), iteration, iteration);
            }
            RenderedTask task = tasks.modelTurn(loop, k, turnNode, prompt, transcript, tools, context);
            EnqueueRequest request = new EnqueueRequest(executionId, turnNode, node.name(), k, task,
                    loop.model().retry().maxAttempts(), QueueTaskDispatcher.backoff(loop.model().retry()), 0, null);
            Awaited awaited = queue.enqueueAndWait(List.of(request),
                    List.of(loopEvents.turnDispatched(executionId, loopStartedEventId, turnNode, k)));
            long iterationEventId = awaited.enqueued().get(0).causeEventId();
            return new Turn(awaited.outcomes().get(0).result(), iterationEventId,
                    loopEvents.turnTaskCompleted(executionId, turnNode, iterationEventId));
        }

        /** Checks and runs the tool calls of turn {@code k}; returns the limit hit, or null. */
        private Limit callTools(int k, long parent, List<Object> calls) throws InterruptedException,
                AgentQueue.Stopped {
            Limit limitHit = null;
            Map<Integer, Object> answered = new LinkedHashMap<>();
            List<EnqueueRequest> requests = new ArrayList<>();
            List<Integer> requestIndexes = new ArrayList<>();
            List<Map<String, Object>> entries = new ArrayList<>();
            for (int j = 0; j < calls.size(); j++) {
                if (!budget.takeToolCall()) {
                    limitHit = Limit.MAX_TOOL_CALLS;
                    break;
                }
                ToolCall call = tools.check(callAt(calls, j));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", call.name());
                entry.put("node_id", null);
                entries.add(entry);
                if (!call.valid()) {
                    entry.put("status", "invalid");
                    answered.put(j, Map.of("error", call.problem()));
                    continue;
                }
                String toolNode = AgentLoopNode.toolCallNodeId(node.name(), k, j);
                entry.put("node_id", toolNode);
                McpToolSpec spec = call.tool();
                Optional<QueueOutcome> earlier = queue.finishedEarlier(executionId, toolNode)
                        .filter(o -> o.done() || !spec.repeatable());
                if (earlier.isPresent()) {
                    entry.put("status", earlier.get().done() ? "ok" : "error");
                    answered.put(j, toolContent(earlier.get().result()));
                    transcript.cites(toolNode);
                    continue;
                }
                RenderedTask task = tasks.toolCall(spec, call.arguments(), context, toolNode);
                requests.add(new EnqueueRequest(executionId, toolNode, node.name(), k, task,
                        spec.repeatable() ? spec.retry().maxAttempts() : 1, QueueTaskDispatcher.backoff(spec.retry()), 0,
                        parent));
                requestIndexes.add(j);
            }
            if (!requests.isEmpty()) {
                Awaited awaited = queue.enqueueAndWait(requests);
                for (int i = 0; i < requests.size(); i++) {
                    int j = requestIndexes.get(i);
                    TaskResult result = awaited.outcomes().get(i).result();
                    entries.get(j).put("status", result.ok() ? "ok" : "error");
                    answered.put(j, toolContent(result));
                    transcript.cites(requests.get(i).nodeId());
                }
            }
            transcript.toolCallsMade(entries);
            for (int j = 0; j < calls.size(); j++) {
                if (answered.containsKey(j)) {
                    transcript.toolAnswered(callAt(calls, j), answered.get(j));
                }
            }
            return limitHit;
        }

        private boolean limit(Limit limit) throws AgentLoopFailure {
            budget.reached(limit);
            complete(limit.key(), transcript.lastAnswer());
            return false;
        }

        private void complete(String stopReason, Object finalAnswer) throws AgentLoopFailure {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("final", finalAnswer);
            data.put("stop_reason", stopReason);
            data.put("turns", budget.turns());
            data.put("tool_calls", new ArrayList<>(transcript.toolCalls()));
            data.put("usage", budget.usage());
            if (node.save() != null) {
                // As for any step: the step completes only once its data is saved.
                try {
                    save.save(executionId, graph, node, data);
                } catch (RenderException e) {
                    throw new AgentLoopFailure("render_error", e.getMessage());
                } catch (SaveException e) {
                    throw new AgentLoopFailure("save_error", "save failed: " + e.getMessage());
                }
            }
            loopEvents.loopCompleted(executionId, loopStartedEventId, "completed", stopReason, budget.turns(), null);
            events.completed(executionId, startedEventId, TaskResult.ok(data, 0, 1, workerId));
        }

        void stopped(TaskResult result) {
            loopEvents.loopCompleted(executionId, loopStartedEventId, "stopped", "stopped", budget.turns(),
                    result.errorMap());
            events.stopped(executionId, startedEventId, result);
        }

        void fail(AgentLoopFailure failed) {
            loopEvents.loopCompleted(executionId, loopStartedEventId, "failed", failed.type(), budget.turns(),
                    Map.of("type", failed.type(), "message", failed.getMessage()));
            events.failed(executionId, startedEventId, TaskResult.error(failed.type(), "step " + node.name() + ": "
                    + failed.getMessage(), 0, 1, workerId));
        }
    }

    /** A turn's result, its {@code loop_iteration} event, and the event its tool calls are caused by. */
    private record Turn(TaskResult result, long iterationEventId, long parentOfToolCalls) {
    }

    /** The model's tool call {@code j} as a map; a malformed entry is an empty map, which no tool matches. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> callAt(List<Object> calls, int j) {
        return calls.get(j) instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
    }

    /** A tool's result as the model reads it: its data, or {@code {"error": "<type>: <message>"}}. */
    private static Object toolContent(TaskResult result) {
        if (result.ok()) {
            return result.data();
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", result.errorType() + ": " + result.errorMessage());
        return error;
    }
}
