package io.greentrain.training.allreduce;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * Sums float arrays across {@code N} workers that talk directly to each other over TCP, in a ring:
 * each worker sends to the next rank and receives from the previous one, never through a
 * coordinator. The array is cut into {@code N} chunks; {@code N - 1} reduce-scatter steps leave
 * each worker with one fully summed chunk, and {@code N - 1} all-gather steps pass the summed
 * chunks round, so each worker sends and receives {@code 2 (N - 1) / N} times the array, whatever
 * {@code N} (the bandwidth-optimal allreduce).
 *
 * <p>Every worker must call {@link #sum} the same number of times with arrays of the same length,
 * in the same order. A peer that sends nothing (or takes nothing) within the timeout fails the call
 * with an {@link AllreduceException} naming it; a ring that failed once is closed.
 *
 * <p>The calling thread does all the work, with no thread hand-off: in each exchange it writes its
 * chunk and reads its neighbour's on non-blocking channels, waiting on a selector only when
 * neither can go on, and adds (or copies) the incoming floats as they arrive, so the sum of a
 * chunk overlaps its transfer. Chunks go through two reused direct buffers (no copy through the
 * JVM heap on the way to or from the kernel) and are moved in bulk: one copy out, one read-modify-
 * write back per float.
 *
 * <p>Not thread-safe: one training thread per worker uses it. {@link #close()} releases both
 * sockets.
 */
public final class RingAllreduce implements AutoCloseable {

    /** What a connecting worker sends first: a magic number, then the run tag, then its rank. */
    private static final int HELLO = 0x67726e31;
    /** Floats added per bulk block: two blocks of this size stay in the core's L1/L2 cache. */
    private static final int BLOCK = 4096;

    private final int rank;
    private final int size;
    private final List<String> addresses;
    private final Duration timeout;
    private final SocketChannel toNext;
    private final SocketChannel fromPrevious;
    private final Selector selector;
    private final SelectionKey sendKey;
    private long bytesSent;
    private long nanosInSums;
    private boolean failed;
    /** Message buffers (header, then the chunk's floats, little-endian) reused by every sum. */
    private ByteBuffer outgoing;
    private ByteBuffer incoming;
    private FloatBuffer incomingFloats;
    /** Scratch for the bulk additions. */
    private final float[] mine = new float[BLOCK];
    private final float[] theirs = new float[BLOCK];

    private RingAllreduce(int rank, List<String> addresses, Duration timeout, SocketChannel toNext,
                          SocketChannel fromPrevious) throws IOException {
        this.rank = rank;
        this.size = addresses.size();
        this.addresses = List.copyOf(addresses);
        this.timeout = timeout;
        this.toNext = toNext;
        this.fromPrevious = fromPrevious;
        if (toNext == null) {
            this.selector = null;
            this.sendKey = null;
        } else {
            this.selector = Selector.open();
            toNext.configureBlocking(false);
            fromPrevious.configureBlocking(false);
            this.sendKey = toNext.register(selector, 0);
            fromPrevious.register(selector, SelectionKey.OP_READ);
        }
    }

    /**
     * A socket for this worker's ring to listen on, at {@code host} on a free port: pass it to
     * {@link #join} (which needs a socket with a channel, as this one is) once every worker knows
     * its address.
     */
    public static ServerSocket listen(InetAddress host) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(host, 0), 16);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel.socket();
    }

    /**
     * Joins the ring: connects to the next rank's address and accepts the previous rank's
     * connection on {@code listening}, which this call then closes.
     *
     * @param rank      this worker's place, {@code 0 .. addresses.size() - 1}
     * @param addresses every worker's {@code host:port}, by rank; this worker's is {@code listening}'s
     * @param listening from {@link #listen}
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
        SocketChannel toNext = null;
        SocketChannel fromPrevious = null;
        try {
            toNext = connect(addresses.get(next), timeout);
            ByteBuffer hello = ByteBuffer.allocate(Integer.BYTES + Long.BYTES + Integer.BYTES);
            hello.putInt(HELLO).putLong(runTag).putInt(rank).flip();
            while (hello.hasRemaining()) {
                toNext.write(hello);
            }
            listening.setSoTimeout(millis(timeout));
            fromPrevious = accept(listening, previous, runTag, addresses, timeout);
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
     * An array's values followed by a few extra ones, indexed as one vector. Absolute reads and
     * writes only: the buffer's position and limit never move.
     */
    private record Vector(FloatBuffer values, float[] extra) {

        int length() {
            return values.limit() + extra.length;
        }

        /** Writes elements {@code [from, to)} to {@code wire}, in order. */
        void copyTo(int from, int to, FloatBuffer wire) {
            int split = Math.min(to, values.limit());
            if (from < split) {
                wire.put(values.slice(from, split - from));
            }
            for (int i = Math.max(from, values.limit()); i < to; i++) {
                wire.put(extra[i - values.limit()]);
            }
        }

        /**
         * Adds (or, with {@code add} false, copies) {@code wire}'s first {@code to - from} floats to
         * elements {@code [from, to)}, in bulk blocks through {@code mine} and {@code theirs}.
         */
        void takeFrom(int from, int to, FloatBuffer wire, boolean add, float[] mine, float[] theirs) {
            int split = Math.max(from, Math.min(to, values.limit()));
            if (add) {
                for (int i = from; i < split; i += mine.length) {
                    int n = Math.min(mine.length, split - i);
                    values.get(i, mine, 0, n);
                    wire.get(i - from, theirs, 0, n);
                    for (int k = 0; k < n; k++) {
                        mine[k] += theirs[k];
                    }
                    values.put(i, mine, 0, n);
                }
            } else if (from < split) {
                values.put(from, wire, 0, split - from);
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
        if (outgoing == null || outgoing.capacity() < bytes) {
            outgoing = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
            incoming = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
            incomingFloats = incoming.duplicate().position(Integer.BYTES).slice().order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer();
        }
    }

    /**
     * Sends elements {@code [sendFrom, sendTo)} to the next worker while receiving the previous
     * worker's {@code [receiveFrom, receiveTo)}, which it adds to (or copies over) this worker's as
     * they arrive. Either side may wait for the other's progress up to the timeout each time.
     */
    private void exchange(Vector vector, int sendFrom, int sendTo, int receiveFrom, int receiveTo, boolean add) {
        int sendCount = sendTo - sendFrom;
        outgoing.clear();
        outgoing.putInt(sendCount);
        FloatBuffer wire = outgoing.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        vector.copyTo(sendFrom, sendTo, wire);
        outgoing.position(Integer.BYTES + sendCount * Float.BYTES).flip();
        int receiveCount = receiveTo - receiveFrom;
        incoming.clear().limit(Integer.BYTES + receiveCount * Float.BYTES);
        int taken = 0;
        int previous = Math.floorMod(rank - 1, size);
        int next = (rank + 1) % size;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outgoing.hasRemaining() || incoming.hasRemaining()) {
            boolean progressed = false;
            if (outgoing.hasRemaining()) {
                try {
                    int written = toNext.write(outgoing);
                    bytesSent += written;
                    progressed = written > 0;
                } catch (IOException e) {
                    throw new AllreduceException("worker " + rank + ": cannot send to worker " + next + " ("
                            + addresses.get(next) + "): " + why(e), e);
                }
            }
            if (incoming.hasRemaining()) {
                try {
                    int read = fromPrevious.read(incoming);
                    if (read < 0) {
                        throw new EOFException();
                    }
                    progressed |= read > 0;
                    if (read > 0 && incoming.position() >= Integer.BYTES) {
                        if (taken == 0 && incoming.position() - read < Integer.BYTES) {
                            checkAnnounced(incoming.getInt(0), receiveCount);
                        }
                        int arrived = (incoming.position() - Integer.BYTES) / Float.BYTES;
                        if (arrived > taken) {
                            vector.takeFrom(receiveFrom + taken, receiveFrom + arrived,
                                    incomingFloats.slice(taken, arrived - taken), add, mine, theirs);
                            taken = arrived;
                        }
                    }
                } catch (IOException e) {
                    throw new AllreduceException("worker " + rank + ": lost worker " + previous + " ("
                            + addresses.get(previous) + "): " + why(e), e);
                }
            }
            if (progressed) {
                deadline = System.nanoTime() + timeout.toNanos();
            } else {
                await(deadline, previous, next);
            }
        }
    }

    /** What went wrong, in words: a channel's exceptions often carry no message. */
    private static String why(IOException e) {
        if (e instanceof EOFException) {
            return "it closed the connection (failed, or ended early)";
        }
        if (e instanceof ClosedByInterruptException) {
            return "this worker was interrupted (its task was killed)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void checkAnnounced(int announced, int count) throws IOException {
        if (announced != count) {
            throw new IOException("expected a chunk of " + count + " floats, the peer sent " + announced
                    + " (workers called sum with different array lengths)");
        }
    }

    /** Waits until a channel this exchange still needs is ready, or fails the exchange at {@code deadline}. */
    private void await(long deadline, int previous, int next) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            if (incoming.hasRemaining()) {
                throw new AllreduceException("worker " + rank + ": no data from worker " + previous + " ("
                        + addresses.get(previous) + ") within " + timeout.toSeconds() + " s");
            }
            throw new AllreduceException("worker " + rank + ": worker " + next + " (" + addresses.get(next)
                    + ") took no data within " + timeout.toSeconds() + " s");
        }
        sendKey.interestOps(outgoing.hasRemaining() ? SelectionKey.OP_WRITE : 0);
        try {
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            if (Thread.currentThread().isInterrupted()) {
                // A selector returns at once for an interrupted thread (a killed task's): stop rather than
                // spin to the timeout. Non-blocking reads and writes ignore the interrupt, so this is
                // where an interrupted worker stops: at its first wait for a peer.
                throw new AllreduceException("worker " + rank + ": interrupted while exchanging with its neighbours");
            }
        } catch (IOException e) {
            throw new AllreduceException("worker " + rank + ": cannot wait for the ring's sockets: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(selector);
        closeQuietly(toNext);
        closeQuietly(fromPrevious);
    }

    private static SocketChannel connect(String address, Duration timeout) throws IOException {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        // The next worker may not be listening yet when addresses are exchanged before sockets open;
        // retry until the timeout.
        while (System.nanoTime() < deadline) {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.socket().setTcpNoDelay(true);
                channel.socket().connect(new InetSocketAddress(host, port), millis(timeout));
                return channel;
            } catch (IOException e) {
                closeQuietly(channel);
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

    private static SocketChannel accept(ServerSocket listening, int expectedRank, long runTag, List<String> addresses,
                                        Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Socket socket = listening.accept();
            if (socket.getChannel() == null) {
                closeQuietly(socket);
                throw new IllegalArgumentException("the ring listens on a socket from RingAllreduce.listen");
            }
            socket.setSoTimeout(millis(timeout));
            socket.setTcpNoDelay(true);
            DataInputStream hello = new DataInputStream(socket.getInputStream());
            try {
                if (hello.readInt() == HELLO && hello.readLong() == runTag && hello.readInt() == expectedRank) {
                    return socket.getChannel();
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
