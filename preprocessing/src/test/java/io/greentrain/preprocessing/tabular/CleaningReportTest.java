package io.greentrain.preprocessing.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.preprocessing.tabular.CleaningReport.QuarantineGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cleaning report says where the quarantined rows went, per reason and column, and its counts reconcile. */
class CleaningReportTest {

    private static CleaningReport report(long quarantined, Map<String, Long> byReason, List<QuarantineGroup> groups) {
        return new CleaningReport(List.of("a.csv"), List.of(), List.of(), 100, 0, 100 - quarantined, quarantined, 0, 0,
                byReason, groups);
    }

    @Test
    void namesEachReasonWithItsColumnsMostRowsFirst() {
        CleaningReport report = report(40, Map.of("invalid_type", 35L, "missing_required", 5L, "outlier", 0L), List.of(
                new QuarantineGroup("missing_required", "zip", 2, List.of("zip is missing")),
                new QuarantineGroup("invalid_type", "baths", 35, List.of("baths = '2.5' is not a whole number")),
                new QuarantineGroup("missing_required", "price", 3, List.of("price is missing"))));

        assertThat(report.quarantineByReasonAndColumn())
                .isEqualTo("invalid_type 35 (baths: 35), missing_required 5 (price: 3, zip: 2)");
        assertThat(report.quarantineGroups()).first().extracting(QuarantineGroup::column).isEqualTo("baths");
        assertThat(report.quarantinedFraction()).isEqualTo(0.4);
    }

    @Test
    void refusesGroupsThatDoNotAddUpToTheQuarantine() {
        assertThatThrownBy(() -> report(5, Map.of("invalid_type", 5L),
                List.of(new QuarantineGroup("invalid_type", "price", 4, List.of()))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("do not reconcile");
    }
}
