package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.greentrain.training.EpochStats;

/** Checkpoints are complete or absent, the latest wins, and another run's are never resumed. */
class EpochCheckpointsTest {

    private static EpochCheckpoints.Checkpoint checkpoint(int epoch, float[] velocity) {
        List<EpochStats> stats = java.util.stream.IntStream.rangeClosed(1, epoch)
                .mapToObj(e -> new EpochStats(e, 1.0 / e, 2.5, 100, 7, e == 1 ? 0.5 : 0)).toList();
        NetworkState state = new NetworkState(new float[] {1, 2, epoch}, new float[] {0.5f, -epoch}, 10 * epoch, epoch);
        return new EpochCheckpoints.Checkpoint(epoch, "{\"configuration\": " + epoch + "}", state, false, velocity,
                stats);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> !name.startsWith(".")).sorted()
                    .toList();
        }
    }

    @Test
    void theLatestCompleteCheckpointIsReadBackWithItsStatsAndOuterVelocity(@TempDir Path dir) throws IOException {
        EpochCheckpoints checkpoints = new EpochCheckpoints(dir.toUri().toString(), "key", new Configuration());
        checkpoints.write(checkpoint(1, null));
        checkpoints.write(checkpoint(2, new float[] {0.25f, -1.5f}));
        // A crash while epoch 3's checkpoint was written leaves a folder that is never read.
        Files.createDirectories(dir.resolve("_writing-epoch-000003-crashed"));
        Files.write(dir.resolve("_writing-epoch-000003-crashed/network.zip"), new byte[] {9});

        EpochCheckpoints.Checkpoint latest = checkpoints.latest().orElseThrow();

        assertThat(latest.epoch()).isEqualTo(2);
        assertThat(latest.configuration()).isEqualTo("{\"configuration\": 2}");
        assertThat(latest.state().parameters()).containsExactly(1, 2, 2);
        assertThat(latest.state().updaterState()).containsExactly(0.5f, -2);
        assertThat(latest.state().iterationCount()).isEqualTo(20);
        assertThat(latest.state().epochCount()).isEqualTo(2);
        assertThat(latest.outerVelocity()).containsExactly(0.25f, -1.5f);
        assertThat(latest.epochs()).isEqualTo(checkpoint(2, null).epochs());
        assertThat(names(dir)).as("the older checkpoint is gone").containsExactly("_writing-epoch-000003-crashed",
                "epoch-000002");

        checkpoints.write(checkpoint(3, null));
        assertThat(names(dir)).as("a later write clears what a crash left").containsExactly("epoch-000003");
        assertThat(checkpoints.latest().orElseThrow().outerVelocity()).isNull();
    }

    @Test
    void aCheckpointInTheEarlierModelFileFormIsNotResumed(@TempDir Path dir) throws IOException {
        EpochCheckpoints checkpoints = new EpochCheckpoints(dir.toUri().toString(), "key", new Configuration());
        checkpoints.write(checkpoint(1, null));
        Files.delete(dir.resolve("epoch-000001/state.bin"));
        Files.write(dir.resolve("epoch-000001/network.zip"), new byte[] {1, 2, 3});

        assertThat(checkpoints.latest()).isEmpty();
    }

    @Test
    void noCheckpointIsResumedFromAnEmptyOrMissingFolderOrAnotherRunKey(@TempDir Path dir) {
        String folder = dir.resolve("checkpoints").toUri().toString();
        assertThat(new EpochCheckpoints(folder, "key", new Configuration()).latest()).as("no folder").isEmpty();

        new EpochCheckpoints(folder, "key", new Configuration()).write(checkpoint(1, null));

        assertThat(new EpochCheckpoints(folder, "other key", new Configuration()).latest()).isEmpty();
        assertThat(new EpochCheckpoints(folder, "key", new Configuration()).latest()).isPresent();
    }
}
