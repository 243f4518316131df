package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class AddressBookTest {

    @Test
    void everyWorkerGetsAllAddressesByRankAsSoonAsTheLastRegisters() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(3);
        try (AddressBook book = AddressBook.open("127.0.0.1")) {
            List<Future<List<String>>> answers = new ArrayList<>();
            long start = System.nanoTime();
            for (int rank : new int[] {2, 0, 1}) {
                answers.add(workers.submit(() -> AddressBook.exchange(book.address(), 7L, rank, 3,
                        "10.0.0." + rank + ":100" + rank, Duration.ofSeconds(10))));
            }
            for (Future<List<String>> answer : answers) {
                assertThat(answer.get()).containsExactly("10.0.0.0:1000", "10.0.0.1:1001", "10.0.0.2:1002");
            }
            assertThat((System.nanoTime() - start) / 1e9).as("no polling delay").isLessThan(0.9);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void roundsWithDifferentTagsDoNotMix() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try (AddressBook book = AddressBook.open("127.0.0.1")) {
            Future<List<String>> first = workers.submit(() -> AddressBook.exchange(book.address(), 1L, 0, 1, "a:1",
                    Duration.ofSeconds(10)));
            Future<List<String>> second = workers.submit(() -> AddressBook.exchange(book.address(), 2L, 0, 1, "b:2",
                    Duration.ofSeconds(10)));
            assertThat(first.get()).containsExactly("a:1");
            assertThat(second.get()).containsExactly("b:2");
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void aWorkerWhosePeersNeverRegisterFailsWithinTheTimeoutNamingTheBook() {
        try (AddressBook book = AddressBook.open("127.0.0.1")) {
            assertThatThrownBy(() -> AddressBook.exchange(book.address(), 3L, 0, 2, "a:1", Duration.ofMillis(500)))
                    .isInstanceOf(AllreduceException.class)
                    .hasMessageContaining("worker 0: the other workers did not all register")
                    .hasMessageContaining(book.address());
        }
    }
}
