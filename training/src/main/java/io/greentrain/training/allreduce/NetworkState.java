package io.greentrain.training.allreduce;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What changes in a network while it trains: its parameters, its updater's state (Adam's moments)
 * and its iteration and epoch counts (Adam's bias correction and learning-rate schedules read
 * them). With the network's configuration, which does not change, this is the whole network. Taken
 * from and given to a {@code MultiLayerNetwork} or a {@code ComputationGraph} alike.
 *
 * <p>The trainer moves this, not a {@code ModelSerializer} file, between workers and driver every
 * epoch, and {@link EpochCheckpoints} writes it: the flattened arrays as 32-bit floats (the engine
 * sums floats), copied in bulk from and to the network's host memory ({@link HostFloats}). On the
 * Dense 1024-1024 network (1.4 M parameters, 17 MB with Adam's moments) the model file cost
 * 0.6-0.9 s of CPU to write and 0.1-0.5 s to read, and ND4J's own array format 60 ms to write and
 * 160 ms to read, every epoch, against a few milliseconds for these copies.
 *
 * @param parameters   the flattened parameters
 * @param updaterState the updater's flattened state; null when the updater keeps none
 */
record NetworkState(float[] parameters, float[] updaterState, int iterationCount, int epochCount)
        implements Serializable {

    private static final long serialVersionUID = 2L;
    /** Starts {@link #writeTo}'s form, and names its version. */
    private static final int FORMAT = 0x6e737431;
    /** The floats {@link #writeFloats} and {@link #readFloats} convert at a time. */
    private static final int CHUNK_FLOATS = 1 << 14;

    /** A copy of {@code network}'s state; {@code network} is a {@code MultiLayerNetwork} or a {@code ComputationGraph}. */
    static NetworkState of(Model network) {
        INDArray state = updaterState(network);
        return new NetworkState(floats(network.params()), state == null ? null : floats(state),
                Networks.iterationCount(network), Networks.epochCount(network));
    }

    private static float[] floats(INDArray array) {
        INDArray staging = HostFloats.staging(array);
        float[] values = new float[Math.toIntExact(staging.length())];
        HostFloats.view(staging).get(values);
        return values;
    }

    /**
     * Gives {@code network}, which must have the configuration of the network this state was taken
     * from, this state; returns it.
     */
    <N extends Model> N applyTo(N network) {
        assign(network.params(), parameters, "parameters");
        INDArray state = updaterState(network);
        if ((state == null) != (updaterState == null)) {
            throw new IllegalArgumentException("the network's updater does not match the state's");
        }
        if (state != null) {
            assign(state, updaterState, "updater state");
        }
        Networks.setCounts(network, iterationCount, epochCount);
        return network;
    }

    private static void assign(INDArray array, float[] values, String what) {
        if (array.length() != values.length) {
            throw new IllegalArgumentException("the network has " + array.length() + " values of " + what + ", the state "
                    + values.length);
        }
        INDArray staging = HostFloats.staging(array);
        HostFloats.view(staging).put(values);
        HostFloats.release(array, staging);
    }

    /** The bytes this state takes on the wire. */
    long bytes() {
        return (long) Float.BYTES * (parameters.length + (updaterState == null ? 0 : updaterState.length));
    }

    /** Writes this state in the form {@link #readFrom} reads: counts, then each array's length and floats. */
    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(FORMAT);
        out.writeInt(iterationCount);
        out.writeInt(epochCount);
        writeFloats(out, parameters);
        writeFloats(out, updaterState);
    }

    /** The state {@link #writeTo} wrote. */
    static NetworkState readFrom(DataInputStream in) throws IOException {
        if (in.readInt() != FORMAT) {
            throw new IOException("not a network state (or one written by another version)");
        }
        int iterations = in.readInt();
        int epochs = in.readInt();
        float[] parameters = readFloats(in);
        if (parameters == null) {
            throw new IOException("a network state without parameters");
        }
        return new NetworkState(parameters, readFloats(in), iterations, epochs);
    }

    /**
     * Writes {@code values} (which may be null) as {@link #readFloats} reads them: the length (-1 for
     * null), then the floats, big-endian. Through a buffer of {@link #CHUNK_FLOATS} floats: a
     * byte copy of the whole array (17 MB for the Dense 1024-1024 network's state) would be one
     * more large short-lived allocation per epoch.
     */
    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values != null) {
            ByteBuffer chunk = ByteBuffer.allocate(Float.BYTES * Math.min(CHUNK_FLOATS, values.length));
            FloatBuffer floats = chunk.asFloatBuffer();
            for (int from = 0; from < values.length; from += CHUNK_FLOATS) {
                int count = Math.min(CHUNK_FLOATS, values.length - from);
                floats.clear();
                floats.put(values, from, count);
                out.write(chunk.array(), 0, Float.BYTES * count);
            }
        }
    }

    /** The values {@link #writeFloats} wrote; null for null. */
    static float[] readFloats(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        float[] values = new float[length];
        ByteBuffer chunk = ByteBuffer.allocate(Float.BYTES * Math.min(CHUNK_FLOATS, length));
        FloatBuffer floats = chunk.asFloatBuffer();
        for (int from = 0; from < length; from += CHUNK_FLOATS) {
            int count = Math.min(CHUNK_FLOATS, length - from);
            in.readFully(chunk.array(), 0, Float.BYTES * count);
            floats.clear();
            floats.get(values, from, count);
        }
        return values;
    }

    private static INDArray updaterState(Model network) {
        Networks.isGraph(network);
        return ((NeuralNetwork) network).updaterState();
    }
}
