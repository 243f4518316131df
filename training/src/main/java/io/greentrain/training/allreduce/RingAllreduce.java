package io.greentrain.training.allreduce;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sums float arrays across {@code N} workers that talk directly to each other over TCP, in a ring:
 * each worker sends to the next rank and receives from the previous one, never through a
 * coordinator. The array is cut into {@code N} chunks; {@code N - 1} reduce-scatter steps leave
 * each worker with one fully summed chunk, and {@code N - 1} all-gather steps pass the summed
 * chunks round, so each worker sends and receives {@code 2 (N - 1) / N} times the array, whatever
 * {@code N} (the bandwidth-optimal allreduce).
 *
 * <p>Every worker must call {@link #sum} the same number of times with arrays of the same length,
 * in the same order. A peer that sends nothing within the timeout fails the call with an
 * {@link AllreduceException} naming it; a ring that failed once is closed.
 *
 * <p>Not thread-safe: one training thread per worker uses it. {@link #close()} releases both
 * sockets and the sending thread.
 */
public final class RingAllreduce implements AutoCloseable {

    /** What a connecting worker sends first: a magic number, then the run tag, then its rank. */
    private static final int HELLO = 0x67726e31;

    private final int rank;
    private final int size;
    private final List<String> addresses;
    private final Duration timeout;
    private final Socket toNext;
    private final Socket fromPrevious;
    private final DataOutputStream out;
    private final DataInputStream in;
    private final ExecutorService sender;
    private long bytesSent;
    private long nanosInSums;
    private boolean failed;
    /** Message buffers reused by every sum (the sending thread owns one, the training thread the other). */
    private byte[] outgoing;
    private byte[] incoming;

    private RingAllreduce(int rank, List<String> addresses, Duration timeout, Socket toNext, Socket fromPrevious)
            throws IOException {
        this.rank = rank;
        this.size = addresses.size();
        this.addresses = List.copyOf(addresses);
        this.timeout = timeout;
        this.toNext = toNext;
        this.fromPrevious = fromPrevious;
        this.out = toNext == null ? null : new DataOutputStream(new BufferedOutputStream(toNext.getOutputStream(), 1 << 16));
        this.in = fromPrevious == null ? null : new DataInputStream(new BufferedInputStream(fromPrevious.getInputStream(), 1 << 16));
        this.sender = size == 1 ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "greentrain-allreduce-send-" + rank);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Joins the ring: connects to the next rank's address and accepts the previous rank's
     * connection on {@code listening}, which this call then closes.
     *
     * @param rank      this worker's place, {@code 0 .. addresses.size() - 1}
     * @param addresses every worker's {@code host:port}, by rank; this worker's is {@code listening}'s
     * @param runTag    identifies the training run and round, so a stray connection is refused
     * @param timeout   how long to wait for a connection and, later, for each peer's data
     */
    public static RingAllreduce join(int rank, List<String> addresses, ServerSocket listening, long runTag,
                                     Duration timeout) {
        int size = addresses.size();
        if (rank < 0 || rank >= size) {
            throw new IllegalArgumentException("rank " + rank + " outside a ring of " + size);
        }
        if (size == 1) {
            closeQuietly(listening);
            try {
                return new RingAllreduce(0, addresses, timeout, null, null);
            } catch (IOException e) {
                throw new AllreduceException("cannot open a ring of one", e);
            }
        }
        int next = (rank + 1) % size;
        int previous = (rank + size - 1) % size;
        Socket toNext = null;
        Socket fromPrevious = null;
        try {
            toNext = connect(addresses.get(next), timeout);
            DataOutputStream hello = new DataOutputStream(toNext.getOutputStream());
            hello.writeInt(HELLO);
            hello.writeLong(runTag);
            hello.writeInt(rank);
            hello.flush();
            listening.setSoTimeout(millis(timeout));
            fromPrevious = accept(listening, previous, runTag, addresses, timeout);
            fromPrevious.setSoTimeout(millis(timeout));
            return new RingAllreduce(rank, addresses, timeout, toNext, fromPrevious);
        } catch (SocketTimeoutException e) {
            closeQuietly(toNext);
            closeQuietly(fromPrevious);
            throw new AllreduceException("worker " + rank + ": worker " + previous + " (" + addresses.get(previous)
                    + ") did not connect within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            closeQuietly(toNext);
            closeQuietly(fromPrevious);
            throw new AllreduceException("worker " + rank + ": cannot join the ring (next: worker " + next + " at "
                    + addresses.get(next) + "): " + e.getMessage(), e);
        } finally {
            closeQuietly(listening);
        }
    }

    /** This worker's rank. */
    public int rank() {
        return rank;
    }

    /** How many workers the ring has. */
    public int size() {
        return size;
    }

    /** The bytes this worker has sent to its neighbour so far: what crossed the network from here. */
    public long bytesSent() {
        return bytesSent;
    }

    /**
     * The wall-clock seconds this worker has spent in {@link #sum} so far: the exchange itself and
     * the wait for a slower peer to reach the same sum. Two {@code System.nanoTime} reads per sum.
     */
    public double secondsInSums() {
        return nanosInSums / 1e9;
    }

    /**
     * Replaces {@code values} by its element-wise sum over all workers.
     *
     * @throws AllreduceException when a peer fails, disconnects or sends nothing within the timeout
     */
    public void sum(float[] values) {
        sum(FloatBuffer.wrap(values), new float[0]);
    }

    /**
     * Replaces the values of {@code values} (from its position to its limit, which stay as they
     * are) followed by those of {@code extra} by their element-wise sums over all workers: one
     * vector, one exchange, so a few numbers that belong with an array (an example count with a
     * gradient) cost no extra round trip. {@code values} may be a view of native memory (an ND4J
     * array's buffer): the ring reads and writes it in place.
     *
     * @throws AllreduceException when a peer fails, disconnects or sends nothing within the timeout
     */
    public void sum(FloatBuffer values, float[] extra) {
        if (size == 1) {
            return;
        }
        if (failed) {
            throw new AllreduceException("worker " + rank + ": the ring failed before; no more sums");
        }
        long start = System.nanoTime();
        Vector vector = new Vector(values.slice(), extra);
        int length = vector.length();
        int[] bounds = new int[size + 1];
        for (int i = 0; i <= size; i++) {
            bounds[i] = (int) ((long) length * i / size);
        }
        reserve(bounds[1] - bounds[0] + 1);
        try {
            for (int step = 0; step < size - 1; step++) {
                int sendChunk = Math.floorMod(rank - step, size);
                int receiveChunk = Math.floorMod(rank - step - 1, size);
                exchange(vector, bounds[sendChunk], bounds[sendChunk + 1], bounds[receiveChunk],
                        bounds[receiveChunk + 1], true);
            }
            for (int step = 0; step < size - 1; step++) {
                int sendChunk = Math.floorMod(rank + 1 - step, size);
                int receiveChunk = Math.floorMod(rank - step, size);
                exchange(vector, bounds[sendChunk], bounds[sendChunk + 1], bounds[receiveChunk],
                        bounds[receiveChunk + 1], false);
            }
        } catch (RuntimeException e) {
            failed = true;
            close();
            throw e;
        } finally {
            nanosInSums += System.nanoTime() - start;
        }
    }

    /**
     * An array's values followed by a few extra ones, indexed as one vector. The sending thread
     * reads one chunk while the training thread writes another: absolute reads and writes only, on
     * disjoint ranges.
     */
    private record Vector(FloatBuffer values, float[] extra) {

        int length() {
            return values.limit() + extra.length;
        }

        /** Writes elements {@code [from, to)} to {@code wire}, in order. */
        void copyTo(int from, int to, FloatBuffer wire) {
            int split = Math.min(to, values.limit());
            if (from < split) {
                wire.put(values.duplicate().position(from).limit(split));
            }
            for (int i = Math.max(from, values.limit()); i < to; i++) {
                wire.put(extra[i - values.limit()]);
            }
        }

        /** Adds (or, with {@code add} false, copies) {@code wire}'s floats to elements {@code [from, to)}. */
        void takeFrom(int from, int to, FloatBuffer wire, boolean add) {
            int split = Math.min(to, values.limit());
            if (add) {
                for (int i = from, j = 0; i < split; i++, j++) {
                    values.put(i, values.get(i) + wire.get(j));
                }
            } else if (from < split) {
                values.duplicate().position(from).limit(split).put(wire.duplicate().limit(split - from));
            }
            for (int i = Math.max(from, values.limit()); i < to; i++) {
                float incoming = wire.get(i - from);
                extra[i - values.limit()] = add ? extra[i - values.limit()] + incoming : incoming;
            }
        }
    }

    /** Grows the reusable message buffers to hold a chunk of {@code floats} floats and its header. */
    private void reserve(int floats) {
        int bytes = Integer.BYTES + floats * Float.BYTES;
        if (outgoing == null || outgoing.length < bytes) {
            outgoing = new byte[bytes];
            incoming = new byte[bytes];
        }
    }

    /**
     * Sends elements {@code [sendFrom, sendTo)} to the next worker while receiving the previous
     * worker's {@code [receiveFrom, receiveTo)}, which it adds to (or copies over) this worker's.
     */
    private void exchange(Vector vector, int sendFrom, int sendTo, int receiveFrom, int receiveTo, boolean add) {
        Future<?> sending = sender.submit(() -> {
            send(vector, sendFrom, sendTo);
            return null;
        });
        int previous = Math.floorMod(rank - 1, size);
        try {
            vector.takeFrom(receiveFrom, receiveTo, receive(receiveTo - receiveFrom), add);
        } catch (SocketTimeoutException e) {
            sending.cancel(true);
            throw new AllreduceException("worker " + rank + ": no data from worker " + previous + " ("
                    + addresses.get(previous) + ") within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            sending.cancel(true);
            String why = e instanceof EOFException ? "it closed the connection (failed, or ended early)"
                    : e.getMessage();
            throw new AllreduceException("worker " + rank + ": lost worker " + previous + " (" + addresses.get(previous)
                    + "): " + why, e);
        }
        int next = (rank + 1) % size;
        try {
            sending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sending.cancel(true);
            throw new AllreduceException("worker " + rank + ": worker " + next + " (" + addresses.get(next)
                    + ") took no data within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new AllreduceException("worker " + rank + ": cannot send to worker " + next + " ("
                    + addresses.get(next) + "): " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AllreduceException("worker " + rank + ": interrupted while sending", e);
        }
    }

    private void send(Vector vector, int from, int to) throws IOException {
        int count = to - from;
        ByteBuffer bytes = ByteBuffer.wrap(outgoing).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(count);
        FloatBuffer wire = bytes.asFloatBuffer();
        vector.copyTo(from, to, wire);
        int length = Integer.BYTES + count * Float.BYTES;
        out.write(outgoing, 0, length);
        out.flush();
        bytesSent += length;
    }

    /** Reads the previous worker's next chunk of {@code count} floats; a view of the reusable buffer. */
    private FloatBuffer receive(int count) throws IOException {
        in.readFully(incoming, 0, Integer.BYTES);
        int announced = ByteBuffer.wrap(incoming, 0, Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (announced != count) {
            throw new IOException("expected a chunk of " + count + " floats, the peer sent " + announced
                    + " (workers called sum with different array lengths)");
        }
        in.readFully(incoming, Integer.BYTES, count * Float.BYTES);
        return ByteBuffer.wrap(incoming, Integer.BYTES, count * Float.BYTES).slice().order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
        closeQuietly(toNext);
        closeQuietly(fromPrevious);
    }

    private static Socket connect(String address, Duration timeout) throws IOException {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        // The next worker may not be listening yet when addresses are exchanged before sockets open;
        // retry until the timeout.
        while (System.nanoTime() < deadline) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), millis(timeout));
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                last = e;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while connecting to " + address, interrupted);
                }
            }
        }
        throw new SocketTimeoutException("cannot connect to " + address + " within " + timeout.toSeconds() + " s"
                + (last == null ? "" : ": " + last.getMessage()));
    }

    private static Socket accept(ServerSocket listening, int expectedRank, long runTag, List<String> addresses,
                                 Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Socket socket = listening.accept();
            socket.setSoTimeout(millis(timeout));
            socket.setTcpNoDelay(true);
            DataInputStream hello = new DataInputStream(socket.getInputStream());
            try {
                if (hello.readInt() == HELLO && hello.readLong() == runTag && hello.readInt() == expectedRank) {
                    return socket;
                }
            } catch (IOException e) {
                // Not one of ours; keep listening.
            }
            closeQuietly(socket);
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("no valid connection from worker " + expectedRank + " ("
                        + addresses.get(expectedRank) + ")");
            }
        }
    }

    private static int millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing after a failure: the first error is the one reported.
        }
    }
}
