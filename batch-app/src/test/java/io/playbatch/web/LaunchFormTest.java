package io.playbatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playbatch.json.JsonCodec;
import io.playbatch.operate.WorkloadRejectedException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class LaunchFormTest {

    private final JsonCodec json = new JsonCodec();

    @Test
    void withoutSchemaFieldsAreTypedByTheDefaultValue() {
        LaunchForm form = LaunchForm.of(Map.of("name", "x", "count", 3, "ratio", 0.5, "on", true,
                "items", List.of(1, 2)), null, json);

        assertThat(form.fields()).extracting(LaunchForm.Field::name, LaunchForm.Field::kind).containsExactlyInAnyOrder(
                Tuple.tuple("name", LaunchForm.Kind.STRING),
                Tuple.tuple("count", LaunchForm.Kind.INTEGER),
                Tuple.tuple("ratio", LaunchForm.Kind.NUMBER),
                Tuple.tuple("on", LaunchForm.Kind.BOOLEAN),
                Tuple.tuple("items", LaunchForm.Kind.JSON));
        assertThat(form.fields()).filteredOn(f -> f.name().equals("items")).extracting(LaunchForm.Field::value)
                .containsExactly("[1,2]");
    }

    @Test
    void schemaTypesDescribesAndAddsFieldsTheWorkloadLacks() {
        LaunchForm form = LaunchForm.of(Map.of("day", "2026-01-01"), Map.of("type", "object", "required", List.of("day"),
                "properties", Map.of("day", Map.of("type", "string", "description", "the day"),
                        "limit", Map.of("type", "number", "default", 10))), json);

        assertThat(form.fields()).containsExactlyInAnyOrder(
                new LaunchForm.Field("day", LaunchForm.Kind.STRING, "2026-01-01", "the day", true),
                new LaunchForm.Field("limit", LaunchForm.Kind.NUMBER, "10", null, false));
    }

    @Test
    void postedValuesAreReadByKindAndEmptyOnesKeepTheDefault() {
        LaunchForm form = LaunchForm.of(Map.of("name", "x", "count", 3, "ratio", 0.5, "on", true,
                "items", List.of(1, 2)), null, json);

        Map<String, Object> workload = form.workload(Map.of("w.name", "y", "w.count", "4", "w.ratio", "2.5",
                "w.on", "false", "w.items", "[3]", "w.unknown", "ignored", "count", "9"), json);
        assertThat(workload).isEqualTo(Map.of("name", "y", "count", 4L, "ratio", new BigDecimal("2.5"), "on", false,
                "items", List.of(3)));
        assertThat(form.workload(Map.of("w.name", " ", "w.on", ""), json)).isEmpty();
    }

    @Test
    void aValueOfTheWrongTypeNamesTheFieldAndTheFix() {
        LaunchForm form = LaunchForm.of(Map.of("count", 3, "items", List.of()), null, json);

        assertThatThrownBy(() -> form.workload(Map.of("w.count", "many"), json))
                .isInstanceOf(WorkloadRejectedException.class)
                .hasMessage("workload.count: 'many' is not an integer (such as 42); correct the field in the launch"
                        + " form, or empty it to use the playbook's default");
        assertThatThrownBy(() -> form.workload(Map.of("w.items", "[1,"), json))
                .hasMessageContaining("workload.items: '[1,' is not valid JSON");
    }
}
