package io.playbatch.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonValuesTest {

    private static final String DOCUMENT = "{\"id\":\"42\",\"count\":7,\"big\":12345678901,\"huge\":123456789012345678901,"
            + "\"ratio\":0.5,\"ok\":true,\"no\":false,\"none\":null,\"list\":[1,\"a\",{\"z\":1,\"a\":2},[]],\"empty\":{}}";

    @Test
    void readsTheSameValuesAsTheDataBindingCodecInDocumentOrder() {
        Object streamed = JsonValues.read(DOCUMENT);

        assertThat(streamed).isEqualTo(new JsonCodec().read(DOCUMENT));
        assertThat(JsonValues.readMap(DOCUMENT).keySet()).containsExactly("id", "count", "big", "huge", "ratio", "ok",
                "no", "none", "list", "empty");
    }

    @Test
    void nullTextIsNullAndAnythingButOneObjectIsRefusedByReadMap() {
        assertThat(JsonValues.read(null)).isNull();
        assertThatThrownBy(() -> JsonValues.readMap("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonValues.read("{} {}")).isInstanceOf(IllegalArgumentException.class);
    }
}
