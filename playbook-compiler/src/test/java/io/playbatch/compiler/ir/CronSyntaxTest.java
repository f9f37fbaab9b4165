package io.playbatch.compiler.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.compiler.PlaybookCompiler;
import io.playbatch.compiler.CompilationResult;
import org.junit.jupiter.api.Test;

class CronSyntaxTest {

    @Test
    void unixCronGetsSecondsAndAQuestionMarkForTheUnusedDayField() {
        assertThat(CronSyntax.toQuartz("0 6 * * *")).isEqualTo("0 0 6 * * ?");
        assertThat(CronSyntax.toQuartz("*/15 8-18 1 * *")).isEqualTo("0 */15 8-18 1 * ?");
    }

    @Test
    void unixDaysOfWeekCountFromSundayZeroAndBecomeNames() {
        assertThat(CronSyntax.toQuartz("30 2 * * 1-5")).isEqualTo("0 30 2 ? * MON,TUE,WED,THU,FRI");
        assertThat(CronSyntax.toQuartz("0 0 * * 0,7")).isEqualTo("0 0 0 ? * SUN");
        assertThat(CronSyntax.toQuartz("0 0 * * 5-7")).isEqualTo("0 0 0 ? * SUN,FRI,SAT");
        assertThat(CronSyntax.toQuartz("0 0 * * */2")).isEqualTo("0 0 0 ? * SUN,TUE,THU,SAT");
        assertThat(CronSyntax.toQuartz("0 0 * * sat")).isEqualTo("0 0 0 ? * SAT");
    }

    @Test
    void quartzSyntaxWithSecondsIsKeptAsWritten() {
        assertThat(CronSyntax.toQuartz("*/3 * * * * ?")).isEqualTo("*/3 * * * * ?");
        assertThat(CronSyntax.toQuartz("0 0 12 ? * MON-FRI 2030")).isEqualTo("0 0 12 ? * MON-FRI 2030");
    }

    @Test
    void badExpressionsSayWhatIsWrong() {
        assertThatThrownBy(() -> CronSyntax.toQuartz("every day at 6")).hasMessageContaining("4 fields");
        assertThatThrownBy(() -> CronSyntax.toQuartz("0 6 1 * 1")).hasMessageContaining("both day-of-month and day-of-week");
        assertThatThrownBy(() -> CronSyntax.toQuartz("0 25 * * *")).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> CronSyntax.toQuartz("0 0 * * 8")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> CronSyntax.toQuartz("0 0 0 30 2 ?")).hasMessageContaining("never fires");
    }

    @Test
    void compilerReportsABadCronAtItsValue() {
        CompilationResult result = new PlaybookCompiler().compile("inline.yaml", """
                apiVersion: playbatch.io/v2
                kind: Playbook
                metadata: { name: broken }
                workflow:
                  - step: start
                schedules:
                  - { cron: "0 61 * * *", timezone: UTC }
                """);
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.format()).contains("inline.yaml:7:13").contains("PB044").contains("0 61 * * *");
        });
    }
}
