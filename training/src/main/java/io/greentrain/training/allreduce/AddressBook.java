package io.greentrain.training.allreduce;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the workers of one epoch find each other: a small TCP service on the driver that collects
 * each worker's {@code host:port} and answers every worker with all of them once the last has
 * arrived. Only addresses pass through it (a few bytes per worker and epoch), never training data.
 *
 * <p>Spark's own {@code BarrierTaskContext.allGather} does the same, but its tasks poll for the
 * answer once a second, which cost about a second per epoch; here the answer arrives as soon as
 * the last worker registers. Both ends send each message in one segment with Nagle's algorithm
 * off: a message written in pieces otherwise waits for the peer's delayed acknowledgement (40 ms
 * on Linux) at every epoch.
 *
 * <p>Driver side: {@link #open} and {@link #close}; thread-safe, one daemon thread per registering
 * worker. Worker side: {@link #exchange}.
 */
public final class AddressBook implements AutoCloseable {

    private static final int HELLO = 0x67726e32;

    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<Long, Round> rounds = new HashMap<>();

    /** The registrations of one round (one epoch attempt), answered together. */
    private static final class Round {
        final String[] addresses;
        final List<Socket> waiting = new ArrayList<>();
        int registered;

        Round(int size) {
            addresses = new String[size];
        }
    }

    private AddressBook(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "greentrain-address-book");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code host} (the driver's address as executors reach it), on a free port. */
    public static AddressBook open(String host) {
        try {
            return new AddressBook(new ServerSocket(0, 64, InetAddress.getByName(host)));
        } catch (IOException e) {
            throw new AllreduceException("cannot open the workers' address book on " + host + ": " + e.getMessage(), e);
        }
    }

    /** {@code host:port} for the workers to register at. */
    public String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** Forgets a round that did not complete (its epoch attempt failed). */
    public synchronized void forget(long tag) {
        Round round = rounds.remove(tag);
        if (round != null) {
            round.waiting.forEach(AddressBook::closeQuietly);
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        synchronized (this) {
            rounds.values().forEach(round -> round.waiting.forEach(AddressBook::closeQuietly));
            rounds.clear();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread reader = new Thread(() -> register(socket), "greentrain-address-book-worker");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void register(Socket socket) {
        try {
            socket.setSoTimeout(60_000);
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            if (in.readInt() != HELLO) {
                closeQuietly(socket);
                return;
            }
            long tag = in.readLong();
            int rank = in.readInt();
            int size = in.readInt();
            String address = in.readUTF();
            List<Socket> answer = null;
            String[] addresses = null;
            synchronized (this) {
                Round round = rounds.computeIfAbsent(tag, t -> new Round(size));
                if (size != round.addresses.length || rank < 0 || rank >= size || round.addresses[rank] != null) {
                    closeQuietly(socket);
                    return;
                }
                round.addresses[rank] = address;
                round.waiting.add(socket);
                if (++round.registered == size) {
                    rounds.remove(tag);
                    answer = round.waiting;
                    addresses = round.addresses;
                }
            }
            if (answer != null) {
                for (Socket waiting : answer) {
                    try {
                        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(waiting.getOutputStream()));
                        for (String each : addresses) {
                            out.writeUTF(each);
                        }
                        out.flush();
                    } catch (IOException e) {
                        // That worker is gone; its task fails and the epoch runs again.
                    } finally {
                        closeQuietly(waiting);
                    }
                }
            }
        } catch (IOException e) {
            closeQuietly(socket);
        }
    }

    /**
     * Registers {@code address} as worker {@code rank} of {@code size} in round {@code tag} at the
     * book on the driver, and returns every worker's address by rank once all have registered.
     *
     * @throws AllreduceException when the book cannot be reached or the others do not all register
     *                            within {@code timeout}
     */
    public static List<String> exchange(String book, long tag, int rank, int size, String address, Duration timeout) {
        int colon = book.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(book.substring(0, colon), Integer.parseInt(book.substring(colon + 1))),
                    (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            out.writeInt(HELLO);
            out.writeLong(tag);
            out.writeInt(rank);
            out.writeInt(size);
            out.writeUTF(address);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            List<String> addresses = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                addresses.add(in.readUTF());
            }
            return addresses;
        } catch (SocketTimeoutException e) {
            throw new AllreduceException("worker " + rank + ": the other workers did not all register at the driver's "
                    + "address book (" + book + ") within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new AllreduceException("worker " + rank + ": cannot exchange addresses through the driver's address "
                    + "book (" + book + "): " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing after the answer or a failure: nothing left to report.
        }
    }
}
