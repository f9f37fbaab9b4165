package io.playbatch.compiler.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per rule of docs/migration.md: a v1 snippet in, the v2 text out. */
class PlaybookConverterTest {

    private final PlaybookConverter converter = new PlaybookConverter();

    private String convert(String v1) {
        return converter.convert("p.yaml", v1).text();
    }

    /** The conversion's one TODO, of {@code kind}. */
    private static ConversionTodo onlyTodo(Conversion conversion, TodoKind kind) {
        assertThat(conversion.todos()).extracting(ConversionTodo::kind).containsExactly(kind);
        return conversion.todos().get(0);
    }

    @Test
    void apiVersionAndTopLevelNameAndPathMoveIntoMetadata() {
        assertThat(convert("""
                apiVersion: noetl.io/v1
                kind: Playbook
                name: Weather-Example
                path: examples/weather
                metadata:
                  version: 0.1.0
                workflow:
                  - step: start
                """)).isEqualTo("""
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: weather_example
                  path: examples/weather
                  labels:
                    version: 0.1.0
                workflow:
                  - step: start
                """);
    }

    @Test
    void aPlaybookWithoutANameIsNamedAfterItsFile() {
        assertThat(converter.convert("dir/daily-report.yaml", "workflow:\n  - step: start\n").text())
                .contains("metadata:\n  name: daily_report\n");
    }

    @Test
    void nextEntriesBecomeAListOfStepNames() {
        assertThat(convert("""
                workflow:
                  - step: start
                    next:
                      - step: a
                      - step: b
                  - step: a
                    next: end
                """)).endsWith("""
                workflow:
                  - step: start
                    next: [a, b]
                  - step: a
                    next: [end]
                """);
    }

    @Test
    void whenThenElseTakeStepNames() {
        assertThat(convert("""
                workflow:
                  - step: start
                    next:
                      - when: "{{ workload.state == 'ready' }}"
                        then:
                          - step: go
                      - else:
                          - step: end
                """)).endsWith("""
                    next:
                      - when: "$workload.state == 'ready'"
                        then: [go]
                      - else: [end]
                """);
    }

    @Test
    void exclusiveArcsBecomeCasesWithALastElse() {
        assertThat(convert("""
                workflow:
                  - step: start
                    next:
                      spec: { mode: exclusive }
                      arcs:
                        - step: a
                          when: "{{ workload.go }}"
                        - step: end
                """)).endsWith("""
                    next:
                      - when: "$workload.go"
                        then: [a]
                      - else: [end]
                """);
    }

    @Test
    void tojsonBecomesTheJsonHelper() {
        assertThat(convert("""
                workflow:
                  - step: post
                    type: http
                    method: POST
                    endpoint: "{{ workload.url }}"
                    headers:
                      X-Order: "{{ workload.order | tojson }}"
                      X-Note: "order {{ workload.order|tojson }}"
                """)).endsWith("""
                    args:
                      method: POST
                      url: "$workload.url"
                      headers:
                        X-Order: "$fn.json($workload.order)"
                        X-Note: "order ${fn.json($workload.order)}"
                """);
    }

    @Test
    void defaultBecomesTheDefaultHelper() {
        assertThat(convert("""
                workflow:
                  - step: report
                    type: python
                    code: "def main(zone, n): return zone"
                    data:
                      zone: "{{ workload.zone | default('north') }}"
                      n: "{{ workload.limit | default(10) }}"
                """)).endsWith("""
                      args:
                        zone: "$fn.default($workload.zone, 'north')"
                        n: "$fn.default($workload.limit, 10)"
                """);
    }

    @Test
    void nowBecomesTheNowHelper() {
        assertThat(convert("""
                workflow:
                  - step: stamp
                    type: http
                    method: POST
                    url: "{{ workload.url }}"
                    data: { sent_at: "{{ now() }}", note: "run of {{ now() }}" }
                """)).endsWith("""
                      json: {sent_at: "$fn.now()", note: "run of ${fn.now()}"}
                """);
    }

    @Test
    void anEnvironmentVariableBecomesAConfigurationVariable() {
        assertThat(convert("""
                workflow:
                  - step: get
                    type: http
                    endpoint: "{{ env.API_URL }}/orders"
                """)).endsWith("""
                    args:
                      url: "${vars.API_URL}/orders"
                """);
    }

    @Test
    void stepLevelKeysMoveIntoArgsPerTaskType() {
        assertThat(convert("""
                workflow:
                  - step: get
                    type: http
                    method: GET
                    endpoint: "{{ workload.url }}"
                    data: { q: "{{ workload.q }}" }
                  - step: post
                    tool: http
                    method: POST
                    url: "{{ workload.url }}"
                    payload: { n: 1 }
                  - step: query
                    type: postgres
                    command: "select * from t where day = '{{ day }}'"
                    with:
                      day: "{{ workload.day }}"
                  - step: child
                    type: playbook
                    path: examples/child
                    input: { day: "{{ workload.day }}" }
                  - step: compute
                    tool:
                      kind: python
                      code: "def main(n): return n"
                    args: { n: 2 }
                """)).endsWith("""
                workflow:
                  - step: get
                    type: http
                    args:
                      method: GET
                      url: "$workload.url"
                      query: {q: "$workload.q"}
                  - step: post
                    type: http
                    args:
                      method: POST
                      url: "$workload.url"
                      json: {n: 1}
                  - step: query
                    type: sql
                    args:
                      connection: default
                      query: "select * from t where day = '${workload.day}'"
                  - step: child
                    type: playbook
                    args:
                      path: examples/child
                      workload: {day: "$workload.day"}
                  - step: compute
                    type: python
                    args:
                      code: "def main(n): return n"
                      args: {n: 2}
                """);
    }

    @Test
    void aCredentialNamedByAuthBecomesTheNamedConnection() {
        assertThat(convert("""
                workflow:
                  - step: load
                    type: duckdb
                    auth: warehouse
                    commands: "create table t (n int); insert into t values (1)"
                  - step: total
                    type: postgres
                    auth: pg_local
                    command: select count(*) as n from t
                    save:
                      storage: postgres
                      auth: pg_local
                      table: totals
                """)).endsWith("""
                  - step: load
                    type: sql
                    args:
                      connection: warehouse
                      statement: "create table t (n int); insert into t values (1)"
                  - step: total
                    type: sql
                    args:
                      connection: pg_local
                      query: select count(*) as n from t
                    save:
                      to: table
                      connection: pg_local
                      table: totals
                """);
    }

    @Test
    void aDuckdbTaskWithoutAuthNeedsAConnectionConfigured() {
        Conversion conversion = converter.convert("p.yaml", """
                workflow:
                  - step: load
                    type: duckdb
                    command: select 1 as n
                """);

        assertThat(conversion.text()).contains("connection: duckdb\n");
        assertThat(onlyTodo(conversion, TodoKind.CONNECTION).why()).contains("playbatch.connections.duckdb.url");
    }

    @Test
    void anHttpAuthBlockMovesIntoArgsAndACredentialNameIsATodo() {
        Conversion conversion = converter.convert("p.yaml", """
                workflow:
                  - step: orders
                    type: http
                    endpoint: "{{ workload.url }}"
                    auth:
                      type: basic
                      username: "{{ workload.user }}"
                      password: "{{ secret.api_password }}"
                  - step: legacy
                    type: http
                    endpoint: "{{ workload.url }}"
                    auth: api_cred
                """);

        assertThat(conversion.text()).contains("""
                  - step: orders
                    type: http
                    args:
                      url: "$workload.url"
                      auth:
                        type: basic
                        user: "$workload.user"
                        password: "$secrets.api_password"
                """);
        ConversionTodo todo = onlyTodo(conversion, TodoKind.HTTP_AUTH);
        assertThat(todo.sourceLine()).isEqualTo(12);
        assertThat(todo.why()).contains("`auth: {type: bearer, token: \"$secrets.api_cred\"}`");
    }

    @Test
    void aSqlTextEndingWithAQueryAfterStatementsIsATodo() {
        Conversion conversion = converter.convert("p.yaml", """
                workflow:
                  - step: load
                    type: postgres
                    command: "insert into t values (1); select count(*) from t"
                """);

        assertThat(conversion.text()).contains("statement: \"insert into t values (1); select count(*) from t\"");
        assertThat(conversion.todos()).extracting(ConversionTodo::kind).containsExactly(TodoKind.SQL_RESULT);
    }

    @Test
    void loopInAndIteratorBecomeOverAndAs() {
        assertThat(convert("""
                workflow:
                  - step: each
                    loop:
                      in: "{{ workload.items }}"
                      iterator: item
                      mode: sequential
                    type: python
                    code: "def main(item): return item"
                    data: { item: "{{ item }}" }
                """)).endsWith("""
                  - step: each
                    loop:
                      over: "$workload.items"
                      as: item
                      mode: sequential
                    type: python
                    args:
                      code: "def main(item): return item"
                      args: {item: "$item"}
                """);
    }

    @Test
    void anIteratorStepBecomesALoopRunningItsTask() {
        assertThat(convert("""
                workflow:
                  - step: each
                    type: iterator
                    collection: "{{ workload.cities }}"
                    element: city
                    task:
                      type: http
                      endpoint: "{{ workload.url }}/{{ city.name }}"
                """)).endsWith("""
                  - step: each
                    loop: {over: "$workload.cities", as: city}
                    type: http
                    args:
                      url: "${workload.url}/${city.name}"
                """);
    }

    @Test
    void workbookEntriesAndCallsBecomeTaskWorkbookWithArgs() {
        assertThat(convert("""
                workbook:
                  - name: greet
                    type: python
                    data: { who: "{{ who }}" }
                    code: "def main(who): return who"
                workflow:
                  - step: hello
                    type: workbook
                    name: greet
                    data: { who: "{{ workload.who }}" }
                """)).endsWith("""
                workbook:
                  - name: greet
                    type: python
                    args:
                      code: "def main(who): return who"
                workflow:
                  - step: hello
                    task:
                      workbook: greet
                      args:
                        args: {who: "$workload.who"}
                """);
    }

    @Test
    void tasksOnStartAndEndMoveToStepsOfTheirOwn() {
        assertThat(convert("""
                workflow:
                  - step: start
                    type: python
                    code: "def main(): return 1"
                    next:
                      - step: end
                  - step: end
                    type: python
                    code: "def main(): return 2"
                """)).endsWith("""
                workflow:
                  - step: start
                    next: [start_task]
                  - step: start_task
                    type: python
                    args:
                      code: "def main(): return 1"
                    next: [end_task]
                  - step: end_task
                    type: python
                    args:
                      code: "def main(): return 2"
                    next: [end]
                  - step: end
                """);
    }

    @Test
    void typeEndOnEndAndItsEventLogSaveAreDropped() {
        assertThat(convert("""
                workflow:
                  - step: start
                    next:
                      - step: end
                  - step: end
                    tool: end
                    save:
                      tool: event_log
                      args: { status: ok }
                """)).endsWith("""
                workflow:
                  - step: start
                    next: [end]
                  - step: end
                """);
    }

    @Test
    void retrySettingsBecomeMaxAttemptsAndBackoff() {
        assertThat(convert("""
                workflow:
                  - step: a
                    retry:
                      max_attempts: 3
                      initial_delay: 0.5
                      backoff_multiplier: 2
                      max_delay: 5
                  - step: b
                    retry: 2
                """)).endsWith("""
                  - step: a
                    retry:
                      max_attempts: 3
                      backoff: {initial: 500ms, multiplier: 2, max: 5s}
                  - step: b
                    retry: {max_attempts: 2}
                """);
    }

    @Test
    void saveToPostgresBecomesSaveToATableAndEventLogSavesGo() {
        assertThat(convert("""
                workflow:
                  - step: a
                    save:
                      storage:
                        tool: postgres
                        table: t
                        mode: append
                        key: id
                  - step: b
                    save:
                      storage: event_log
                """)).endsWith("""
                  - step: a
                    save:
                      to: table
                      connection: default
                      table: t
                      mode: insert
                      key: [id]
                  - step: b
                """);
    }

    @Test
    void playbooksWithReturnStepBecomesAPlaybookTaskAndATodo() {
        Conversion conversion = converter.convert("p.yaml", """
                workflow:
                  - step: child
                    type: playbooks
                    path: examples/child
                    data: { day: 1 }
                    return_step: finish
                """);

        assertThat(conversion.text()).endsWith("""
                  - step: child
                    # TODO(convert): `return_step: finish`: v2 hands the parent the child's `output`: set `output: "$steps.finish.data"` in the child playbook, or convert the child in the same `playbatch convert` and it is set for you (docs/migration.md#todo-return-step)
                    type: playbook
                    args:
                      path: examples/child
                      workload: {day: 1}
                """);
        ConversionTodo todo = onlyTodo(conversion, TodoKind.RETURN_STEP);
        assertThat(todo.sourceLine()).isEqualTo(6);
        assertThat(todo.outputLine()).isEqualTo(7);
        assertThat(todo.doc()).isEqualTo("docs/migration.md#todo-return-step");
    }

    @Test
    void returnStepBecomesTheOutputOfAChildConvertedInTheSameBatch() {
        Map<String, String> batch = new LinkedHashMap<>();
        batch.put("parent.yaml", """
                workflow:
                  - step: child
                    type: playbooks
                    path: examples/child
                    return_step: finish
                """);
        batch.put("child.yaml", """
                path: examples/child
                workflow:
                  - step: start
                    next:
                      - step: finish
                  - step: finish
                    type: python
                    code: "def main(): return 1"
                """);
        ChildOutputs children = converter.scan(batch);

        Conversion parent = converter.convert("parent.yaml", batch.get("parent.yaml"), children);
        Conversion child = converter.convert("child.yaml", batch.get("child.yaml"), children);

        assertThat(parent.todos()).isEmpty();
        assertThat(parent.text()).endsWith("""
                  - step: child
                    type: playbook
                    args:
                      path: examples/child
                """);
        assertThat(child.todos()).isEmpty();
        assertThat(child.text()).endsWith("""
                      code: "def main(): return 1"
                output: "$steps.finish.data"
                """);
    }

    @Test
    void returnStepStaysATodoWhenParentsAskOneChildForDifferentStepsOrTheChildHasAnotherOutput() {
        String parent = "workflow:\n  - step: x\n    type: playbook\n    path: %s\n    return_step: %s\n";
        Map<String, String> batch = Map.of("a.yaml", parent.formatted("c", "one"), "b.yaml", parent.formatted("c", "two"),
                "c.yaml", "path: c\nworkflow:\n  - step: one\n  - step: two\n",
                "d.yaml", parent.formatted("e", "one"), "e.yaml", "path: e\noutput: 1\nworkflow:\n  - step: one\n");
        ChildOutputs children = converter.scan(batch);

        assertThat(converter.convert("a.yaml", batch.get("a.yaml"), children).todos()).singleElement()
                .satisfies(t -> assertThat(t.why()).contains("different steps [one, two]"));
        assertThat(converter.convert("c.yaml", batch.get("c.yaml"), children).text()).doesNotContain("output");
        assertThat(converter.convert("e.yaml", batch.get("e.yaml"), children).todos()).singleElement()
                .satisfies(t -> assertThat(t.what()).isEqualTo("`output` and a parent's `return_step: one`"));
    }

    @Test
    void edgeInputsMoveToATargetWithOnePredecessorAndAreATodoOtherwise() {
        Conversion conversion = converter.convert("p.yaml", """
                workflow:
                  - step: start
                    next:
                      - step: a
                        data: { x: 1 }
                      - step: b
                  - step: a
                    type: python
                    code: "def main(x): return x"
                    next:
                      - step: c
                        data: { y: "{{ a.value }}" }
                  - step: b
                    next:
                      - step: c
                  - step: c
                    type: python
                    code: "def main(y): return y"
                """);

        assertThat(conversion.text()).contains("""
                  - step: a
                    type: python
                    args:
                      code: "def main(x): return x"
                      args:
                        x: 1
                """);
        assertThat(onlyTodo(conversion, TodoKind.EDGE_INPUTS).what()).isEqualTo("inputs on the edge `a` -> `c`");
    }

    @Test
    void commentsAndKeyOrderAreKept() {
        assertThat(convert("""
                # The header comment stays.
                apiVersion: noetl.io/v1
                kind: Playbook
                name: kept
                workflow:
                  # The first step.
                  - step: start
                    next:
                      - step: end # straight to the end
                  - step: end
                """)).isEqualTo("""
                # The header comment stays.
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata:
                  name: kept
                workflow:
                  # The first step.
                  - step: start
                    next: [end]
                  - step: end
                """);
    }

    @Test
    void whatNeedsAHumanIsACommentAtTheSpotAndAReportEntry() {
        Conversion conversion = converter.convert("p.yaml", """
                workflow:
                  - step: a
                    type: transfer
                    command: select 1
                  - step: b
                    type: python
                    code: "def main(x): return x"
                    data:
                      x: "{{ workload.items | int }}"
                      home: "{{ response.home }}"
                    retry:
                      max_attempts: 2
                      retry_when: "{{ error }}"
                """);

        assertThat(conversion.todos()).extracting(ConversionTodo::kind, ConversionTodo::sourceLine)
                .containsExactly(tuple(TodoKind.TASK_TYPE, 3),
                        tuple(TodoKind.JINJA_FILTER, 9),
                        tuple(TodoKind.UNKNOWN_NAME, 10),
                        tuple(TodoKind.RETRY, 13));
        List<String> lines = conversion.text().lines().toList();
        for (ConversionTodo todo : conversion.todos()) {
            assertThat(lines.get(todo.outputLine() - 1)).contains("# TODO(convert): ").contains(todo.kind().doc());
        }
        assertThat(lines.get(conversion.todos().get(1).outputLine())).contains("x: \"{{ workload.items | int }}\"");
    }

    @Test
    void anAlreadyV2PlaybookIsNotChanged() {
        String v2 = "apiVersion: playbatch.io/v2\nkind: Playbook\nmetadata: { name: x }\nworkflow:\n  - step: start\n";

        Conversion conversion = converter.convert("x.yaml", v2);

        assertThat(conversion.text()).isEqualTo(v2);
        assertThat(conversion.changed()).isFalse();
        assertThat(conversion.todos()).isEmpty();
    }

    @Test
    void textThatIsNotYamlIsRefusedWithItsPosition() {
        assertThatThrownBy(() -> converter.convert("bad.yaml", "workflow:\n  - step: [a\n"))
                .isInstanceOf(ConversionException.class).hasMessageStartingWith("bad.yaml:3:");
        assertThatThrownBy(() -> converter.convert("list.yaml", "- a\n- b\n"))
                .isInstanceOf(ConversionException.class).hasMessageContaining("not a playbook");
    }
}
