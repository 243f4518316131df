package io.greentrain.training.allreduce;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs {@code N} workers of a loopback ring on threads, as the barrier tasks of one stage would. */
final class Rings {

    private Rings() {
    }

    /** What worker {@code rank} does with its ring. */
    interface Work<T> {
        T run(RingAllreduce ring) throws Exception;
    }

    static <T> List<T> run(int workers, Duration timeout, IntFunction<Work<T>> work) throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            ServerSocket socket = RingAllreduce.listen(InetAddress.getLoopbackAddress());
            sockets.add(socket);
            addresses.add("127.0.0.1:" + socket.getLocalPort());
        }
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int rank = 0; rank < workers; rank++) {
                int r = rank;
                Callable<T> task = () -> {
                    try (RingAllreduce ring = RingAllreduce.join(r, addresses, sockets.get(r), 42L, timeout)) {
                        return work.apply(r).run(ring);
                    }
                };
                futures.add(threads.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed by the ring
        }
    }
}
