package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.Test;

class NativeThreadsTest {

    @Test
    void theJvmsSettingsComeBackWhenTheLastOfOverlappingTasksEnds() {
        int original = NativeThreads.current();
        int originalBlas = NativeThreads.currentBlas();
        assumeThat(original).as("native operations use more than one thread here").isGreaterThan(1);
        assumeThat(originalBlas).as("matrix products use more than one thread here").isGreaterThan(1);
        NativeThreads.Share first = NativeThreads.share(1);
        NativeThreads.Share second = NativeThreads.share(1);
        assertThat(NativeThreads.current()).isEqualTo(1);
        assertThat(NativeThreads.currentBlas()).as("the BLAS library's own pool").isEqualTo(1);

        first.close();
        assertThat(NativeThreads.current()).as("the second task still runs").isEqualTo(1);
        assertThat(NativeThreads.currentBlas()).isEqualTo(1);
        first.close();
        second.close();
        assertThat(NativeThreads.current()).isEqualTo(original);
        assertThat(NativeThreads.currentBlas()).isEqualTo(originalBlas);
    }
}
