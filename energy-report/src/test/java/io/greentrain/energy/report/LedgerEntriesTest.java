package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding segment files and the schema they are read with, without Spark. */
class LedgerEntriesTest {

    private static final String LEDGER_ENTRY = "io.greentrain.energy.ledger.LedgerEntry";
    private static final String WORK_RECORD = "io.greentrain.energy.ledger.WorkRecord";

    @Test
    void schemaHasTheLedgerEntryRecordsComponentsInOrderAndType() {
        Class<?> record;
        try {
            record = Class.forName(LEDGER_ENTRY);
        } catch (ClassNotFoundException e) {
            Assumptions.abort(LEDGER_ENTRY + " is not on the classpath: install the energy module first");
            return;
        }
        Map<Class<?>, DataType> types = Map.of(String.class, DataTypes.StringType, long.class, DataTypes.LongType,
                double.class, DataTypes.DoubleType);
        List<String> expected = Arrays.stream(record.getRecordComponents())
                .map(component -> component.getName() + ":" + types.get(component.getType()))
                .toList();
        List<String> actual = Arrays.stream(LedgerEntries.SCHEMA.fields())
                .map(field -> field.name() + ":" + field.dataType())
                .toList();

        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName))
                .containsAll(LedgerEntries.REQUIRED);
    }

    @Test
    void workSchemaHasTheWorkRecordsComponentsInOrderAndType() {
        Class<?> record;
        try {
            record = Class.forName(WORK_RECORD);
        } catch (ClassNotFoundException e) {
            Assumptions.abort(WORK_RECORD + " is not on the classpath: install the energy module first");
            return;
        }
        Map<Class<?>, DataType> types = Map.of(String.class, DataTypes.StringType, long.class, DataTypes.LongType);
        List<String> expected = Arrays.stream(record.getRecordComponents())
                .map(component -> component.getName() + ":" + types.get(component.getType()))
                .toList();

        assertThat(Arrays.stream(LedgerEntries.WORK_SCHEMA.fields()).map(f -> f.name() + ":" + f.dataType()))
                .containsExactlyElementsOf(expected);
        assertThat(Arrays.stream(LedgerEntries.WORK_SCHEMA.fieldNames())).containsAll(LedgerEntries.WORK_REQUIRED);
    }

    @Test
    void requiredFieldsAreInTheSchema() {
        assertThat(Arrays.stream(LedgerEntries.SCHEMA.fields()).map(StructField::name))
                .containsAll(LedgerEntries.REQUIRED);
    }

    @Test
    void findsOnlySegmentsNeverHiddenUnderscoreOrTemporaryFiles(@TempDir Path dir) {
        HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));

        List<String> files = LedgerEntries.segmentFiles(List.of(dir.resolve("ledger").toString()),
                new Configuration());

        assertThat(files).hasSize(3).allSatisfy(file -> assertThat(file).startsWith("file:"));
        assertThat(files.stream().map(file -> file.substring(file.indexOf("/run="))))
                .containsExactly("/run=run-a/" + HandWrittenLedger.padded(0, 5),
                        "/run=run-a/" + HandWrittenLedger.padded(6, 13), "/run=run-b/segment-0-3.jsonl");
    }

    @Test
    void segmentNamesAreStricterThanTheGlob() {
        assertThat(List.of("segment-0-5.jsonl", "segment-12-3456.jsonl", HandWrittenLedger.padded(0, 5)))
                .allMatch(name -> LedgerEntries.SEGMENT_NAME.matcher(name).matches());
        assertThat(List.of("segment-0-5.jsonl.tmp", ".segment-0-5.jsonl", "_segment-0-5.jsonl",
                "segment-0-5.tmp.jsonl", "segment-a-b.jsonl", "segment-0-5.jsonl.crc",
                "." + HandWrittenLedger.padded(0, 5) + ".tmp"))
                .noneMatch(name -> LedgerEntries.SEGMENT_NAME.matcher(name).matches());
    }

    @Test
    void aLedgerPathThatDoesNotExistIsNamed(@TempDir Path dir) {
        String missing = dir.resolve("no-such-ledger").toString();

        assertThatThrownBy(() -> LedgerEntries.segmentFiles(List.of(missing), new Configuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no ledger segments in " + missing + " (expected " + missing
                        + "/run=<runId>/segment-<first>-<last>.jsonl)");
    }
}
