package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.greentrain.training.allreduce.AllreduceTrainer.SharedState;

class StateInboxTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static SharedState state(float first) {
        return new SharedState(new NetworkState(new float[] {first, 2, 3}, new float[] {0.5f, -1}, 40, 2),
                new float[] {7, 8, 9});
    }

    @Test
    void theDriverHoldsTheStateWorkerZeroSentForAnExpectedRoundOnceItIsAcknowledged() {
        try (StateInbox inbox = StateInbox.open("127.0.0.1", TIMEOUT)) {
            inbox.expect(11);

            StateInbox.send(inbox.address(), 11, state(1), TIMEOUT);

            SharedState received = inbox.take(11);
            assertThat(received.network().parameters()).containsExactly(1, 2, 3);
            assertThat(received.network().updaterState()).containsExactly(0.5f, -1);
            assertThat(received.network().iterationCount()).isEqualTo(40);
            assertThat(received.network().epochCount()).isEqualTo(2);
            assertThat(received.outerVelocity()).containsExactly(7, 8, 9);
            assertThatThrownBy(() -> inbox.take(11)).as("taken once").isInstanceOf(AllreduceException.class);
        }
    }

    @Test
    void aStateWithoutUpdaterStateOrOuterVelocityArrivesAsSuch() {
        try (StateInbox inbox = StateInbox.open("127.0.0.1", TIMEOUT)) {
            inbox.expect(3);

            StateInbox.send(inbox.address(), 3, new SharedState(new NetworkState(new float[] {4}, null, 1, 0), null),
                    TIMEOUT);

            SharedState received = inbox.take(3);
            assertThat(received.network().parameters()).containsExactly(4);
            assertThat(received.network().updaterState()).isNull();
            assertThat(received.outerVelocity()).isNull();
        }
    }

    @Test
    void theStateOfARoundTheDriverDoesNotExpectOrHasForgottenIsRefusedAndFailsTheSender() {
        try (StateInbox inbox = StateInbox.open("127.0.0.1", TIMEOUT)) {
            inbox.expect(5);
            inbox.forget(5);

            assertThatThrownBy(() -> StateInbox.send(inbox.address(), 5, state(1), TIMEOUT))
                    .isInstanceOf(AllreduceException.class).hasMessageContaining("refused the state of round 5");
            assertThatThrownBy(() -> StateInbox.send(inbox.address(), 6, state(1), TIMEOUT))
                    .isInstanceOf(AllreduceException.class).hasMessageContaining("round 6");
            assertThatThrownBy(() -> inbox.take(5)).isInstanceOf(AllreduceException.class)
                    .hasMessageContaining("no state from worker 0 in round 5");
        }
    }

    @Test
    void aDriverThatNeverAcknowledgesFailsTheSenderWithinItsTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> StateInbox.send("127.0.0.1:" + silent.getLocalPort(), 1, state(1),
                    Duration.ofMillis(300)))
                    .isInstanceOf(AllreduceException.class).hasMessageContaining("did not acknowledge the state");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        }
    }
}
