package io.greentrain.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AveragingRoundsTest {

    private static List<String> files(int count) {
        return IntStream.range(0, count).mapToObj(i -> "file-" + i).toList();
    }

    @ParameterizedTest(name = "{0} files, {1} workers, averaging every {2}")
    @CsvSource({"63, 2, 5", "60, 2, 5", "23, 2, 4", "13, 3, 2", "2, 2, 3", "1, 4, 4", "7, 1, 3", "5264, 2, 5"})
    void laysEveryFileOnceIntoRoundsNoWorkerCanOverflow(int fileCount, int workers, int averagingFrequency) {
        List<String> files = files(fileCount);
        int perRound = workers * averagingFrequency;

        List<List<List<String>>> rounds = new AveragingRounds(files, workers, averagingFrequency, 5).rounds(3);

        assertThat(rounds).hasSize((fileCount + perRound - 1) / perRound);
        assertThat(rounds.stream().flatMap(List::stream).flatMap(List::stream).toList())
                .containsExactlyInAnyOrderElementsOf(files);
        assertThat(rounds).allSatisfy(round -> {
            assertThat(round).hasSizeBetween(1, workers);
            assertThat(round).allSatisfy(partition -> assertThat(partition).hasSizeBetween(1, averagingFrequency));
            IntSummary sizes = IntSummary.of(round.stream().mapToInt(List::size).toArray());
            assertThat(sizes.max - sizes.min).as("partition sizes of %s", round).isLessThanOrEqualTo(1);
        });
        IntSummary roundSizes = IntSummary.of(rounds.stream()
                .mapToInt(round -> round.stream().mapToInt(List::size).sum()).toArray());
        assertThat(roundSizes.max - roundSizes.min).isLessThanOrEqualTo(1);
    }

    @Test
    void shufflesEachEpochReproducibly() {
        AveragingRounds rounds = new AveragingRounds(files(40), 2, 4, 5);

        assertThat(rounds.rounds(1)).isEqualTo(new AveragingRounds(files(40), 2, 4, 5).rounds(1));
        assertThat(rounds.rounds(2)).isNotEqualTo(rounds.rounds(1));
        assertThat(new AveragingRounds(files(40), 2, 4, 6).rounds(1)).isNotEqualTo(rounds.rounds(1));
    }

    @Test
    void keepsRepeatedPathsAsSeparateFits() {
        List<List<List<String>>> rounds = new AveragingRounds(List.of("a", "a", "b"), 2, 1, 5).rounds(1);

        assertThat(rounds.stream().flatMap(List::stream).flatMap(List::stream).toList())
                .containsExactlyInAnyOrder("a", "a", "b");
    }

    @Test
    void rejectsAnEmptyFileListAndNonPositiveSettings() {
        assertThatThrownBy(() -> new AveragingRounds(List.of(), 2, 5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no minibatch files");
        assertThatThrownBy(() -> new AveragingRounds(files(3), 0, 5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
        assertThatThrownBy(() -> new AveragingRounds(files(3), 2, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("averaging frequency");
    }

    private record IntSummary(int min, int max) {
        static IntSummary of(int[] values) {
            return new IntSummary(IntStream.of(values).min().orElseThrow(), IntStream.of(values).max().orElseThrow());
        }
    }
}
