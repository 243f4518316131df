package io.greentrain.energy.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LedgerGapAndCorrectionLinesTest {

    private static final GapRecord GAP = new GapRecord("app-1", "r1", 12, "3", "node-2", 40, 42,
            "2024-05-01T10:00:40Z", "2024-05-01T10:00:43Z", GapRecord.NOT_COUNTED, LedgerEntry.GENESIS_HASH);

    private static final CorrectionRecord CORRECTION = new CorrectionRecord("app-1", "r1", 13, "3", "node-2",
            "cpu-package", "train/epoch-1", "4", "2024-05-01T10:00:41Z", "2024-05-01T10:00:42Z", 12.5, 0.5,
            "counter", "rapl package-0", 0.003, 1.2, "configured", "DE", 350.0, "constant", "2024-05-01T10:00:41Z", 350.0,
            "location", 0.0015, 0.0015, 0.001, "server share", "late sample: sample 41 of executor 3",
            LedgerEntry.GENESIS_HASH);

    @Test
    void writesAGapLineWithItsKindAndReadsItBack() throws LedgerFormatException {
        String line = LedgerCodec.encode(GAP);

        assertThat(line).startsWith("{\"v\":1,\"kind\":\"gap\",\"applicationId\":\"app-1\"")
                .contains("\"firstMissingSample\":40,\"lastMissingSample\":42");
        assertThat(LedgerCodec.decode(line)).isEqualTo(GAP);
        assertThat(GAP.missingSamples()).isEqualTo(3);
    }

    @Test
    void writesACorrectionLineWithAnEnergyEntrysFieldsAndItsReason() throws LedgerFormatException {
        String line = LedgerCodec.encode(CORRECTION);

        assertThat(line).startsWith("{\"v\":1,\"kind\":\"correction\",\"applicationId\":\"app-1\"")
                .contains("\"reason\":\"late sample: sample 41 of executor 3\",\"previousHash\"");
        assertThat(LedgerCodec.decode(line)).isEqualTo(CORRECTION);
        assertThat(CORRECTION.joules()).isEqualTo(13.0);
    }

    @Test
    void aCorrectionOfAnEntryKeepsEveryEnergyField() {
        LedgerEntry entry = new LedgerEntry("app-1", "r1", 0, "3", "node-2", "dram", "idle", "",
                "2024-05-01T10:00:41Z", "2024-05-01T10:00:42Z", 0, 2, "counter", "rapl dram", 0.002, 1.56, "default",
                "FR",
                50, "annual", "2024-01-01T00:00:00Z", 50, "location", 1e-5, 1e-5, 0, "none",
                LedgerEntry.GENESIS_HASH);

        CorrectionRecord correction = CorrectionRecord.of(entry, "late");

        assertThat(correction.withChain(7, "ab".repeat(32)).sequence()).isEqualTo(7);
        assertThat(correction).usingRecursiveComparison().ignoringFields("reason").isEqualTo(entry);
    }

    @Test
    void refusesAGapLineWhoseMissingSamplesAreNoRange() {
        String line = LedgerCodec.encode(GAP).replace("\"lastMissingSample\":42", "\"lastMissingSample\":39");

        assertThatThrownBy(() -> LedgerCodec.decode(line, "segment-12-12.jsonl", 1))
                .isInstanceOf(LedgerFormatException.class).hasMessageContaining("segment-12-12.jsonl")
                .hasMessageContaining("not a range");
    }

    @Test
    void aLineOfAnUnknownKindMustStillHoldItsPlaceInTheChain() {
        assertThatThrownBy(() -> LedgerCodec.decode("{\"v\":1,\"kind\":\"tally\"}"))
                .isInstanceOf(LedgerFormatException.class).hasMessageContaining("\"tally\"")
                .hasMessageContaining("runId");
    }
}
