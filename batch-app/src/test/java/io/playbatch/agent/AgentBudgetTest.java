package io.playbatch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.agent.AgentBudget.Limit;
import io.playbatch.compiler.ir.AgentLoopNode.OnLimit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentBudgetTest {

    @Test
    void turnsRunOutAtMaxTurns() {
        AgentBudget budget = new AgentBudget(AgentLoops.loop(2, 4, OnLimit.FAIL));
        assertThat(budget.turnLeft()).isTrue();
        budget.turnTaken();
        budget.turnTaken();
        assertThat(budget.turns()).isEqualTo(2);
        assertThat(budget.turnLeft()).isFalse();
    }

    @Test
    void aToolCallOverMaxToolCallsIsRefusedAndNotCounted() {
        AgentBudget budget = new AgentBudget(AgentLoops.loop(2, 2, OnLimit.FAIL));
        assertThat(budget.takeToolCall()).isTrue();
        assertThat(budget.takeToolCall()).isTrue();
        assertThat(budget.takeToolCall()).isFalse();
        assertThat(budget.toolCalls()).isEqualTo(2);
    }

    @Test
    void onlyOneCorrectiveTurnAndOnlyWhileATurnIsLeft() {
        AgentBudget budget = new AgentBudget(AgentLoops.loop(2, 4, OnLimit.FAIL));
        budget.turnTaken();
        assertThat(budget.takeCorrectiveTurn()).isTrue();
        assertThat(budget.takeCorrectiveTurn()).isFalse();

        AgentBudget spent = new AgentBudget(AgentLoops.loop(1, 4, OnLimit.FAIL));
        spent.turnTaken();
        assertThat(spent.takeCorrectiveTurn()).isFalse();
    }

    @Test
    void usageSumsTheTurnsAndCountsMissingTokensAsZero() {
        AgentBudget budget = new AgentBudget(AgentLoops.loop(3, 4, OnLimit.FAIL));
        budget.used(Map.of("prompt_tokens", 10, "completion_tokens", 3));
        budget.used(Map.of("prompt_tokens", 5L));
        assertThat(budget.usage()).containsExactly(Map.entry("prompt_tokens", 15L), Map.entry("completion_tokens", 3L));
    }

    @Test
    void reachingALimitFailsNamingTheLoopAndTheBoundUnlessOnLimitCompletes() throws AgentLoopFailure {
        AgentBudget failing = new AgentBudget(AgentLoops.loop(3, 5, OnLimit.FAIL));
        assertThatThrownBy(() -> failing.reached(Limit.MAX_TOOL_CALLS)).isInstanceOf(AgentLoopFailure.class)
                .hasMessageContaining("mcp.turns.research reached max_tool_calls = 5")
                .satisfies(e -> assertThat(((AgentLoopFailure) e).type()).isEqualTo("agent_limit_reached"));

        new AgentBudget(AgentLoops.loop(3, 5, OnLimit.COMPLETE)).reached(Limit.MAX_TURNS);
        assertThat(Limit.MAX_TURNS.key()).isEqualTo("max_turns");
    }
}
