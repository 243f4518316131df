package io.greentrain.energy.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LedgerCodecTest {

    private static final LedgerEntry SAMPLE = LedgerSamples.entry("r1", 5).withChain(5, "ab".repeat(32));

    @Test
    void decodesExactlyWhatItEncoded() throws Exception {
        assertThat(LedgerCodec.decode(LedgerCodec.encode(SAMPLE))).isEqualTo(SAMPLE);
    }

    @Test
    void roundTripsAwkwardDoublesBitForBit() throws Exception {
        List<Double> awkward = new ArrayList<>(List.of(0.1, 0.1 + 0.2, 1.0 / 3, 2e23, 1e-300, Double.MIN_VALUE,
                Double.MIN_NORMAL, Double.MAX_VALUE, -0.0, 0.0, 4.35, 123456789012345678.0, 9007199254740993.0));
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            awkward.add(Double.longBitsToDouble(random.nextLong()));
        }
        awkward.removeIf(d -> !Double.isFinite(d));
        for (double d : awkward) {
            LedgerEntry entry = withNumbers(SAMPLE, d);
            LedgerEntry back = (LedgerEntry) LedgerCodec.decode(LedgerCodec.encode(entry));
            assertThat(back).as("round trip of %s", d).isEqualTo(entry);
            assertThat(Double.doubleToRawLongBits(back.activeJoules())).isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    @Test
    void roundTripsNullsEscapesAndNonAsciiText() throws Exception {
        LedgerEntry entry = new LedgerEntry(null, "r1", 0, "driver", "hôst-ß", "gpu-GPU-1234", "train/\"epoch\"\n3",
                "", null, null, 1, 2, "estimated", "tab\there \\ back\u0001slash \u2603 \uD83D\uDE00", 0.5, 1.5, null,
                "US-CAL-CISO", 200, null, null, 0, null, 0, 0, 0, null, LedgerEntry.GENESIS_HASH);
        String line = LedgerCodec.encode(entry);
        assertThat(line).doesNotContain("\n").doesNotContain("\r");
        assertThat(LedgerCodec.decode(line)).isEqualTo(entry);
    }

    @Test
    void writesEveryFieldInRecordComponentOrderOnOneCompactLine() throws Exception {
        String line = LedgerCodec.encode(SAMPLE);
        List<String> keys = new ArrayList<>();
        Iterator<String> names = new ObjectMapper().readTree(line).fieldNames();
        names.forEachRemaining(keys::add);
        List<String> components = Arrays.stream(LedgerEntry.class.getRecordComponents())
                .map(RecordComponent::getName).toList();
        assertThat(keys.get(0)).isEqualTo(LedgerFormat.VERSION_FIELD);
        assertThat(keys.subList(1, keys.size())).isEqualTo(components).isEqualTo(LedgerCodec.FIELD_NAMES);
        assertThat(line).startsWith("{\"v\":1,\"applicationId\":\"app-20240501100000-0001\",\"runId\":\"r1\",\"sequence\":5,")
                .endsWith(",\"previousHash\":\"" + "ab".repeat(32) + "\"}")
                .doesNotContain(" ").doesNotContain("\n");
        assertThat(LedgerCodec.encode(SAMPLE)).isEqualTo(line);
    }

    @Test
    void refusesNumbersJsonCannotHold() {
        assertThatThrownBy(() -> LedgerCodec.encode(withNumbers(SAMPLE, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("activeJoules is NaN");
        assertThatThrownBy(() -> LedgerCodec.encode(withNumbers(SAMPLE, Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"runId\":                                    | malformed JSON",
            "[1,2]                                          | not a JSON object",
            "{\"runId\":\"r1\"}                             | missing field applicationId",
            "{\"colour\":\"red\"}                           | unknown field colour",
            "{\"runId\":\"r1\",\"runId\":\"r2\"}            | field runId appears twice",
            "{\"runId\":7}                                  | field runId: expected text or null, found number 7",
            "{\"sequence\":\"7\"}                           | field sequence: expected an integer, found text \"7\"",
            "{\"sequence\":7.5}                             | field sequence: expected an integer, found number 7.5",
            "{\"pue\":1e999}                                | field pue: number 1e999 is out of range",
            "{} {}                                          | text after the JSON object",
    })
    void namesTheFileAndLineOfAMalformedLine(String line, String reason) {
        assertThatThrownBy(() -> LedgerCodec.decode(line, "run=r1/segment-x.jsonl", 17))
                .isInstanceOf(LedgerFormatException.class)
                .hasMessageStartingWith("run=r1/segment-x.jsonl line 17: " + reason)
                .satisfies(e -> {
                    LedgerFormatException format = (LedgerFormatException) e;
                    assertThat(format.source()).isEqualTo("run=r1/segment-x.jsonl");
                    assertThat(format.line()).isEqualTo(17);
                });
    }

    @Test
    void refusesANullRunIdOrPreviousHash() {
        String line = LedgerCodec.encode(SAMPLE).replace("\"previousHash\":\"" + "ab".repeat(32) + "\"",
                "\"previousHash\":null");
        assertThatThrownBy(() -> LedgerCodec.decode(line, "f", 2))
                .isInstanceOf(LedgerFormatException.class).hasMessage("f line 2: field previousHash is null");
    }

    @Test
    void writesAWorkRecordAsAKindWorkLineAndReadsItBack() throws Exception {
        WorkRecord work = new WorkRecord("app-1", "r1", 7, "train/epoch-3", WorkRecord.TOKENS, 123_456,
                "2024-05-01T10:00:00Z", "cd".repeat(32));

        String line = LedgerCodec.encode(work);

        assertThat(line).isEqualTo("{\"v\":1,\"kind\":\"work\",\"applicationId\":\"app-1\",\"runId\":\"r1\",\"sequence\":7,"
                + "\"phase\":\"train/epoch-3\",\"unit\":\"tokens\",\"amount\":123456,"
                + "\"recordedAt\":\"2024-05-01T10:00:00Z\",\"previousHash\":\"" + "cd".repeat(32) + "\"}");
        assertThat(LedgerCodec.decode(line)).isEqualTo(work);
        List<String> keys = new ArrayList<>();
        new ObjectMapper().readTree(line).fieldNames().forEachRemaining(keys::add);
        assertThat(keys.subList(2, keys.size())).isEqualTo(LedgerCodec.WORK_FIELD_NAMES);
    }

    @Test
    void readsALineWithoutKindAsAnEnergyEntryAndKeepsEnergyLinesFreeOfKind() throws Exception {
        String line = LedgerCodec.encode(SAMPLE);

        assertThat(line).doesNotContain("\"kind\"");
        assertThat(LedgerCodec.decode(line)).isInstanceOf(LedgerEntry.class).isEqualTo(SAMPLE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "\"kind\":\"\"                  | kind must be non-blank text, found text \"\"",
            "\"kind\":7                     | kind must be non-blank text, found number 7",
            "\"amount\":-1                  | work record: amount of tokens must be zero or more, got -1",
            "\"amount\":1.5                 | field amount: expected an integer, found number 1.5",
            "\"unit\":\"Tokens\"            | work record: unit 'Tokens' must be",
            "\"phase\":\" \"                | work record: phase must be a non-blank string",
            "\"recordedAt\":\"yesterday\"   | work record: recordedAt 'yesterday' is not an ISO-8601 instant",
            "\"device\":\"gpu-0\"           | unknown field device",
    })
    void refusesAMalformedWorkLine(String replacement, String reason) {
        String field = replacement.substring(0, replacement.indexOf(':'));
        String line = LedgerCodec.encode(new WorkRecord("app-1", "r1", 7, "train/epoch-3", "tokens", 10,
                "2024-05-01T10:00:00Z", "cd".repeat(32)));
        String edited = line.contains(field + ":")
                ? line.replaceFirst(field + ":(\"[^\"]*\"|[0-9]+)", java.util.regex.Matcher.quoteReplacement(replacement))
                : line.replace("\"applicationId\"", replacement + ",\"applicationId\"");
        assertThat(edited).isNotEqualTo(line);

        assertThatThrownBy(() -> LedgerCodec.decode(edited, "f", 4))
                .isInstanceOf(LedgerFormatException.class).hasMessageStartingWith("f line 4: " + reason);
    }

    @Test
    void refusesAWorkLineWithoutItsAmount() {
        String line = LedgerCodec.encode(new WorkRecord("app-1", "r1", 7, "train/epoch-3", "tokens", 10,
                "2024-05-01T10:00:00Z", "cd".repeat(32))).replace("\"amount\":10,", "");

        assertThatThrownBy(() -> LedgerCodec.decode(line, "f", 1))
                .isInstanceOf(LedgerFormatException.class).hasMessage("f line 1: missing field amount");
    }

    @Test
    void readsLinesWrittenBeforeTheFormatHadVersionsAsTheSameRecords() throws Exception {
        WorkRecord work = new WorkRecord("app-1", "r1", 7, "train/epoch-3", "tokens", 10, "2024-05-01T10:00:00Z",
                "cd".repeat(32));
        String versionedEntry = LedgerCodec.encode(SAMPLE);
        String versionedWork = LedgerCodec.encode(work);
        String unversionedEntry = versionedEntry.replace("{\"v\":1,", "{");
        String unversionedWork = versionedWork.replace("{\"v\":1,", "{");
        assertThat(unversionedEntry).startsWith("{\"applicationId\":");
        assertThat(unversionedWork).startsWith("{\"kind\":\"work\",");

        assertThat(LedgerCodec.decode(unversionedEntry)).isEqualTo(SAMPLE);
        assertThat(LedgerCodec.decode(unversionedWork)).isEqualTo(work);
    }

    @Test
    void readsAnEnergyLineWrittenBeforeUncertaintiesWereRecordedWithNaNAndStillRefusesOtherMissingFields()
            throws Exception {
        String line = LedgerCodec.encode(SAMPLE);
        assertThat(line).contains(",\"relativeUncertainty\":0.002,");
        String older = line.replace(",\"relativeUncertainty\":0.002,", ",");

        LedgerEntry read = (LedgerEntry) LedgerCodec.decode(older);

        assertThat(read.relativeUncertainty()).isNaN();
        assertThat(read.joules()).isEqualTo(SAMPLE.joules());
        assertThat(read.provenance()).isEqualTo(SAMPLE.provenance());
        assertThatThrownBy(() -> LedgerCodec.encode(read)).as("an older line is read, never written back")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relativeUncertainty is NaN");
        String withoutPue = line.replaceFirst(",\"pue\":[^,]*,", ",");
        assertThatThrownBy(() -> LedgerCodec.decode(withoutPue, "f", 2)).isInstanceOf(LedgerFormatException.class)
                .hasMessage("f line 2: missing field pue");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"2", "0", "1.0", "\"1\""})
    void refusesALineOfAnUnknownFormatVersion(String version) {
        String line = LedgerCodec.encode(SAMPLE).replace("{\"v\":1,", "{\"v\":" + version + ",");

        assertThatThrownBy(() -> LedgerCodec.decode(line, "f", 3))
                .isInstanceOf(LedgerFormatException.class)
                .hasMessageStartingWith("f line 3: unknown format version ")
                .hasMessageContaining("this reader knows version 1");
    }

    @Test
    void theFormatsFieldListsAreTheRecordsComponentsWithTheirTypes() {
        assertThat(LedgerFormat.names(LedgerFormat.ENERGY_FIELDS)).isEqualTo(Arrays.stream(
                LedgerEntry.class.getRecordComponents()).map(RecordComponent::getName).toList());
        assertThat(LedgerFormat.names(LedgerFormat.WORK_FIELDS)).isEqualTo(Arrays.stream(
                WorkRecord.class.getRecordComponents()).map(RecordComponent::getName).toList());
        assertThat(LedgerFormat.ENERGY_FIELDS).filteredOn(f -> f.name().equals("activeJoules"))
                .singleElement().extracting(LedgerField::type).isEqualTo(LedgerField.Type.REAL);
        assertThat(LedgerFormat.requiredNames(LedgerFormat.WORK_FIELDS))
                .containsExactly("runId", "sequence", "phase", "unit", "amount", "recordedAt", "previousHash");
    }

    @Test
    void hashesTheLinesUtf8BytesAsLowercaseHex() {
        assertThat(LedgerCodec.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(LedgerCodec.sha256Hex("\u2603")).hasSize(64)
                .isEqualTo("51643361c79ecaef25a8de802de24f570ba25d9c2df1d22d94fade11b4f466cc");
    }

    private static LedgerEntry withNumbers(LedgerEntry e, double d) {
        return new LedgerEntry(e.applicationId(), e.runId(), e.sequence(), e.executorId(), e.host(), e.device(),
                e.phase(), e.stage(), e.windowStart(), e.windowEnd(), d, -d, e.method(), e.provenance(), d, d,
                e.pueSource(), e.zone(), d, e.intensitySource(), e.intensityTimestamp(), d, e.marketSource(), d, d, d,
                e.embodiedSource(), e.previousHash());
    }
}
