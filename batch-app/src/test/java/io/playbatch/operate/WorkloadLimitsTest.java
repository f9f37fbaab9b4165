package io.playbatch.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.playbatch.testsupport.Graphs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** What {@link WorkloadLimits} refuses before a run's execution row exists, and what it names. */
class WorkloadLimitsTest {

    private final WorkloadLimits limits = new WorkloadLimits(DataSize.ofKilobytes(1));

    @Test
    void aNulAnywhereIsRefusedNamingWhereItIs() {
        WorkloadRejectedException value = catchThrowableOfType(WorkloadRejectedException.class,
                () -> limits.checkWorkload(Map.of("items", List.of("ok", Map.of("name", "a\0b")))));
        assertThat(value.field()).isEqualTo("workload.items[1].name");
        assertThat(value.tooLarge()).isFalse();
        assertThat(value.getMessage()).contains("NUL").contains("remove it");

        WorkloadRejectedException key = catchThrowableOfType(WorkloadRejectedException.class,
                () -> limits.checkWorkload(Map.of("k\0", 1)));
        assertThat(key.field()).isEqualTo("workload (a key)");

        WorkloadRejectedException name = catchThrowableOfType(WorkloadRejectedException.class,
                () -> limits.check(Graphs.line("tests/nul\0path", Map.of()), Map.of()));
        // Graphs.line names the playbook after its path: the name is checked first.
        assertThat(name.field()).isIn("name", "path");
        assertThat(name.getMessage()).contains("metadata.");
    }

    @Test
    void aWorkloadOverTheLimitIsTooLargeAndOneAtItPasses() {
        WorkloadRejectedException large = catchThrowableOfType(WorkloadRejectedException.class,
                () -> limits.checkWorkload(Map.of("blob", "x".repeat(1024))));
        assertThat(large.tooLarge()).isTrue();
        assertThat(large.field()).isEqualTo("workload");
        assertThat(large.getMessage()).contains("over the limit of 1024").contains("playbatch.limits.workload-bytes");
        // {"blob":"..."} is 11 bytes of JSON around the value.
        assertThatCode(() -> limits.checkWorkload(Map.of("blob", "x".repeat(1024 - 11)))).doesNotThrowAnyException();
    }

    @Test
    void aWorkloadNestedDeeperThanTheLimitIsRefusedWithoutOverflowingTheStack() {
        Object nested = "leaf";
        for (int i = 0; i < 10_000; i++) {
            nested = List.of(nested);
        }
        Object deep = nested;
        WorkloadLimits generous = new WorkloadLimits(DataSize.ofMegabytes(10));
        WorkloadRejectedException refused = catchThrowableOfType(WorkloadRejectedException.class,
                () -> generous.checkWorkload(Map.of("deep", deep)));
        assertThat(refused.getMessage()).contains("nested more than " + WorkloadLimits.MAX_DEPTH);
    }

    @Test
    void aSecretReferenceInAWorkloadIsRefusedNamingWhereItIs() {
        WorkloadRejectedException placeholder = catchThrowableOfType(WorkloadRejectedException.class,
                () -> limits.checkWorkload(Map.of("note", List.of("fine", "send ${secret:db_password}"))));
        assertThat(placeholder.field()).isEqualTo("workload.note[1]");
        assertThat(placeholder.tooLarge()).isFalse();
        assertThat(placeholder.getMessage()).contains("cannot name a secret").contains("$secrets.NAME");

        WorkloadRejectedException object = catchThrowableOfType(WorkloadRejectedException.class,
                () -> limits.checkWorkload(Map.of("token", Map.of("$secret", "db_password"))));
        assertThat(object.field()).isEqualTo("workload.token");

        assertThatCode(() -> limits.checkWorkload(Map.of("note", "[secret:db_password] and $secrets.x")))
                .doesNotThrowAnyException();
    }
}
