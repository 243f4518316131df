package io.greentrain.training.allreduce;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.greentrain.training.allreduce.AllreduceTrainer.SharedState;

/**
 * Where worker 0 hands the driver the synchronised state that ends an epoch: a TCP service on the
 * driver that receives the state's raw floats ({@link NetworkState#writeTo}, then DiLoCo's outer
 * velocity) straight into the driver's memory.
 *
 * <p>As a Spark task result the state (17 MB for the Dense 1024-1024 network with Adam's moments)
 * was serialised into the executor's block manager, fetched by the driver's result getter and
 * deserialised twice, every epoch: about 0.4 s of an epoch's wall time on 2 cores, against tens of
 * milliseconds for the same bytes over a socket.
 *
 * <p>The driver only takes a state for a round it {@link #expect}s (one epoch attempt, the tag its
 * tasks carry): a state of another round, or of a round {@link #forget forgotten} after its
 * attempt failed, is refused. The driver acknowledges a state after it holds all of it, and worker
 * 0's task ends only after that acknowledgement ({@link #send} fails its task otherwise, which
 * fails the attempt): when an attempt's stage has returned, its state is here.
 *
 * <p>Driver side: {@link #open}, {@link #expect}, {@link #take}, {@link #forget} and
 * {@link #close}; thread-safe, one daemon thread per sending worker. Worker side: {@link #send}.
 */
final class StateInbox implements AutoCloseable {

    private static final int HELLO = 0x67727374;
    private static final int ACCEPTED = 1;

    private final ServerSocket server;
    private final Duration timeout;
    /** The rounds expected, each with the state received for it (null until it arrives). */
    private final Map<Long, SharedState> rounds = new HashMap<>();

    private StateInbox(ServerSocket server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
        Thread acceptor = new Thread(this::acceptLoop, "greentrain-state-inbox");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Listens on {@code host} (the driver's address as executors reach it), on a free port; a
     * sender that goes silent for {@code timeout} is dropped.
     */
    static StateInbox open(String host, Duration timeout) {
        try {
            return new StateInbox(new ServerSocket(0, 64, InetAddress.getByName(host)), timeout);
        } catch (IOException e) {
            throw new AllreduceException("cannot open the driver's state inbox on " + host + ": " + e.getMessage(), e);
        }
    }

    /** {@code host:port} for worker 0 to send to. */
    String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** Accepts the state of round {@code tag} from now on. */
    synchronized void expect(long tag) {
        rounds.putIfAbsent(tag, null);
    }

    /** Refuses the state of round {@code tag} (its attempt failed) and drops it if it came. */
    synchronized void forget(long tag) {
        rounds.remove(tag);
    }

    /**
     * The state received for round {@code tag}, which is then forgotten.
     *
     * @throws AllreduceException when none was received (the round's stage returned without worker 0's state)
     */
    synchronized SharedState take(long tag) {
        SharedState state = rounds.remove(tag);
        if (state == null) {
            throw new AllreduceException("the driver received no state from worker 0 in round " + tag);
        }
        return state;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Closing: nothing left to report.
        }
        synchronized (this) {
            rounds.clear();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread reader = new Thread(() -> receive(socket), "greentrain-state-inbox-worker");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void receive(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            if (in.readInt() != HELLO) {
                return;
            }
            long tag = in.readLong();
            synchronized (this) {
                if (!rounds.containsKey(tag)) {
                    return;
                }
            }
            NetworkState network = NetworkState.readFrom(in);
            float[] outerVelocity = NetworkState.readFloats(in);
            synchronized (this) {
                if (!rounds.containsKey(tag)) {
                    return;
                }
                rounds.put(tag, new SharedState(network, outerVelocity));
            }
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeByte(ACCEPTED);
            out.flush();
        } catch (IOException e) {
            // The sender's task fails without the acknowledgement, and its epoch attempt with it.
        }
    }

    /**
     * Sends {@code state} as round {@code tag}'s to the inbox at {@code inbox} and waits for the
     * driver to acknowledge it.
     *
     * @throws AllreduceException when the inbox cannot be reached, refuses the state (not a round
     *                            it expects) or does not acknowledge it within {@code timeout}
     */
    static void send(String inbox, long tag, SharedState state, Duration timeout) {
        int colon = inbox.lastIndexOf(':');
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(inbox.substring(0, colon), Integer.parseInt(inbox.substring(colon + 1))),
                    millis);
            socket.setSoTimeout(millis);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            out.writeInt(HELLO);
            out.writeLong(tag);
            state.network().writeTo(out);
            NetworkState.writeFloats(out, state.outerVelocity());
            out.flush();
            int answer = socket.getInputStream().read();
            if (answer != ACCEPTED) {
                throw new AllreduceException("worker 0: the driver's state inbox (" + inbox + ") refused the state of "
                        + "round " + tag);
            }
        } catch (SocketTimeoutException e) {
            throw new AllreduceException("worker 0: the driver's state inbox (" + inbox + ") did not acknowledge the "
                    + "state within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new AllreduceException("worker 0: cannot send the state to the driver's state inbox (" + inbox + "): "
                    + e.getMessage(), e);
        }
    }
}
