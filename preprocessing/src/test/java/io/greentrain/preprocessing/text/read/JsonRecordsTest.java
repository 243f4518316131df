package io.greentrain.preprocessing.text.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON Lines are read strictly: one value per line, or the line is a record with its error. */
class JsonRecordsTest {

    private static List<JsonRecords.Record> records(String content) {
        List<JsonRecords.Record> records = new ArrayList<>();
        JsonRecords.forEach(content, List.of("text"), "id", records::add);
        return records;
    }

    @Test
    void readsOneObjectPerLine() {
        assertThat(records("{\"id\":\"a\",\"text\":\"one\"}\n{\"id\":\"b\",\"text\":\"two\"}\n"))
                .extracting(JsonRecords.Record::text, JsonRecords.Record::error)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one", null),
                        org.assertj.core.groups.Tuple.tuple("two", null));
    }

    @Test
    void turnsASecondObjectOnTheSameLineIntoARecordWithAnErrorInsteadOfDroppingIt() {
        List<JsonRecords.Record> records = records("{\"text\":\"one\"} {\"text\":\"two\"}\n");

        assertThat(records).hasSize(1);
        assertThat(records.get(0).text()).isEqualTo("{\"text\":\"one\"} {\"text\":\"two\"}");
        assertThat(records.get(0).error()).startsWith("invalid JSON line:").containsIgnoringCase("trailing token");
    }

    @Test
    void turnsTrailingGarbageIntoARecordWithAnError() {
        List<JsonRecords.Record> records = records("{\"text\":\"one\"} garbage\n");

        assertThat(records).singleElement().extracting(JsonRecords.Record::error).asString()
                .startsWith("invalid JSON line:");
    }

    @Test
    void turnsAValueOverTheSizeLimitIntoARecordWhoseErrorNamesTheLimitAndItsKey() {
        List<JsonRecords.Record> records = new ArrayList<>();
        JsonRecords.forEach("{\"text\":\"" + "x".repeat(100) + "\"}\n{\"text\":\"short\"}\n", List.of("text"), null,
                50, records::add);

        assertThat(records).hasSize(2);
        assertThat(records.get(0).error()).contains("over the size limit", "50 characters",
                "greentrain.text.json.max-string-length");
        assertThat(records.get(1).text()).isEqualTo("short");
    }
}
