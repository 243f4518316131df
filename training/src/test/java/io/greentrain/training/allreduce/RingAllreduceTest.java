package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

class RingAllreduceTest {

    @Test
    void everyWorkerEndsWithTheElementWiseSumOfAllWorkersArrays() throws Exception {
        for (int workers : new int[] {1, 2, 3, 5}) {
            // 7 elements: chunks of unequal length, and with 5 workers some of one element.
            List<float[]> sums = Rings.run(workers, Duration.ofSeconds(10), rank -> ring -> {
                float[] values = new float[7];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (rank + 1) * 10 + i;
                }
                ring.sum(values);
                ring.sum(values);
                return values;
            });
            for (float[] sum : sums) {
                for (int i = 0; i < 7; i++) {
                    float once = 0;
                    for (int rank = 0; rank < workers; rank++) {
                        once += (rank + 1) * 10 + i;
                    }
                    assertThat(sum[i]).as("%d workers, element %d, summed twice", workers, i).isEqualTo(once * workers);
                }
            }
        }
    }

    @Test
    void sumsANativeBuffersValuesInPlaceTogetherWithTheirExtraValuesLeavingTheRestAlone() throws Exception {
        for (int workers : new int[] {2, 3}) {
            List<float[]> sums = Rings.run(workers, Duration.ofSeconds(10), rank -> ring -> {
                FloatBuffer buffer = ByteBuffer.allocateDirect(10 * Float.BYTES).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                for (int i = 0; i < 10; i++) {
                    buffer.put(i, rank + i);
                }
                float[] extra = {rank + 100f};
                // Elements 2..7 are the array to sum; 0, 1, 8 and 9 belong to someone else.
                ring.sum(buffer.duplicate().position(2).limit(8), extra);
                float[] seen = new float[11];
                buffer.get(0, seen, 0, 10);
                seen[10] = extra[0];
                return seen;
            });
            int rankSum = workers * (workers - 1) / 2;
            for (int rank = 0; rank < workers; rank++) {
                float[] seen = sums.get(rank);
                for (int i = 0; i < 10; i++) {
                    float expected = i >= 2 && i < 8 ? rankSum + workers * i : rank + i;
                    assertThat(seen[i]).as("%d workers, rank %d, element %d", workers, rank, i).isEqualTo(expected);
                }
                assertThat(seen[10]).as("the extra value").isEqualTo(rankSum + workers * 100f);
            }
        }
    }

    @Test
    void sumsArraysFarLargerThanTheSocketBuffersAsTheyArriveInPieces() throws Exception {
        // 3 million floats: each chunk crosses in many partial reads, added as they arrive.
        int length = 3_000_001;
        for (int workers : new int[] {2, 3}) {
            List<float[]> sums = Rings.run(workers, Duration.ofSeconds(30), rank -> ring -> {
                FloatBuffer buffer = ByteBuffer.allocateDirect(length * Float.BYTES).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
                for (int i = 0; i < length; i++) {
                    buffer.put(i, (rank + 1) * (i % 1000));
                }
                float[] extra = {rank};
                ring.sum(buffer, extra);
                float[] seen = new float[length + 1];
                buffer.get(0, seen, 0, length);
                seen[length] = extra[0];
                return seen;
            });
            int ranks = workers * (workers + 1) / 2;
            for (float[] seen : sums) {
                for (int i = 0; i < length; i++) {
                    if (seen[i] != ranks * (i % 1000)) {
                        assertThat(seen[i]).as("%d workers, element %d", workers, i).isEqualTo(ranks * (i % 1000));
                    }
                }
                assertThat(seen[length]).as("the extra value").isEqualTo(workers * (workers - 1) / 2f);
            }
        }
    }

    @Test
    void eachWorkerSendsTwiceTheArrayTimesNMinusOneOverNWhateverTheRingSize() throws Exception {
        int length = 30_000;
        List<Long> sent = Rings.run(3, Duration.ofSeconds(10), rank -> ring -> {
            ring.sum(new float[length]);
            return ring.bytesSent();
        });
        long payload = 2L * 2 * length * Float.BYTES / 3;
        for (long bytes : sent) {
            assertThat(bytes).isBetween(payload, payload + 64);
        }
    }

    @Test
    void aWorkerThatNeverSendsTimesOutWithAnErrorNamingIt() {
        Duration timeout = Duration.ofSeconds(1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> Rings.run(2, timeout, rank -> ring -> {
            if (rank == 1) {
                Thread.sleep(3_000);
                return null;
            }
            ring.sum(new float[100]);
            return null;
        })).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(AllreduceException.class)
                .hasMessageContaining("worker 0: no data from worker 1 (127.0.0.1:")
                .hasMessageContaining("within 1 s");
        assertThat((System.nanoTime() - start) / 1e9).as("not a hang").isLessThan(10);
    }

    @Test
    void aWorkerInterruptedWhileWaitingForItsPeerFailsAtOnceAndThePeerLosesItAtOnceNotAtTheTimeout() throws Exception {
        long start = System.nanoTime();
        List<String> errors = Rings.run(2, Duration.ofSeconds(30), rank -> ring -> {
            if (rank == 0) {
                // As Spark interrupts a killed task's thread.
                Thread.currentThread().interrupt();
            } else {
                // Worker 0 has to wait for this one's data.
                Thread.sleep(300);
            }
            try {
                ring.sum(new float[1000]);
                return "no error";
            } catch (AllreduceException e) {
                return e.getMessage();
            } finally {
                Thread.interrupted();
            }
        });
        assertThat(errors.get(0)).startsWith("worker 0: ").contains("interrupted");
        // Whether its write or its read meets the closed connection first, it names worker 0.
        assertThat(errors.get(1)).startsWith("worker 1: ").contains("worker 0 (127.0.0.1:");
        assertThat((System.nanoTime() - start) / 1e9).as("well before the 30 s timeout").isLessThan(10);
    }

    @Test
    void aWorkerThatNeverConnectsFailsTheJoinNamingIt() throws Exception {
        try (ServerSocket mine = RingAllreduce.listen(InetAddress.getLoopbackAddress());
             ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            List<String> addresses = List.of("127.0.0.1:" + mine.getLocalPort(), "127.0.0.1:" + silent.getLocalPort());
            assertThatThrownBy(() -> RingAllreduce.join(0, addresses, mine, 1L, Duration.ofMillis(500)))
                    .isInstanceOf(AllreduceException.class)
                    .hasMessageContaining("worker 0: worker 1 (127.0.0.1:" + silent.getLocalPort() + ") did not connect");
        }
    }

    @Test
    void arraysOfDifferentLengthsAreRefusedNotMixed() throws Exception {
        // Whichever worker reads the odd chunk first refuses it and closes the ring; the other then
        // loses its peer. Each worker's own error is collected.
        List<String> errors = Rings.run(2, Duration.ofSeconds(5), rank -> ring -> {
            try {
                ring.sum(new float[rank == 0 ? 10 : 12]);
                return "no error";
            } catch (AllreduceException e) {
                return e.getMessage();
            }
        });
        assertThat(errors).anySatisfy(error -> assertThat(error).contains("different array lengths"));
        assertThat(errors).allSatisfy(error -> assertThat(error).startsWith("worker "));
    }
}
