package io.greentrain.training.allreduce;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Lets the ring read and write an array's values in place, in host memory, instead of copying them
 * to a {@code float[]} and back (two copies of the whole gradient per step, and two short-lived
 * arrays of its size for the garbage collector).
 *
 * <p>{@link #staging} returns the array itself when it is contiguous 32-bit floats (the flattened
 * gradient and parameters of a float network on the CPU backend), else a contiguous float copy
 * that {@link #release} writes back. {@link #view} syncs the array to the host first and
 * {@link #release} marks the host copy as the current one, so a GPU backend's device copy is
 * refreshed before its next use; on the CPU backend both are no-ops.
 */
final class HostFloats {

    private HostFloats() {
    }

    /** {@code array}, or a contiguous float copy of it when it is not contiguous floats. */
    static INDArray staging(INDArray array) {
        boolean inPlace = array.dataType() == DataType.FLOAT && array.ordering() == 'c'
                && array.elementWiseStride() == 1;
        return inPlace ? array : array.castTo(DataType.FLOAT).dup('c');
    }

    /** The values of a {@link #staging} array in host memory, as a buffer of its length; writes go to the array. */
    static FloatBuffer view(INDArray staging) {
        Nd4j.getAffinityManager().ensureLocation(staging, AffinityManager.Location.HOST);
        FloatBuffer all = staging.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        int offset = Math.toIntExact(staging.offset());
        all.position(offset).limit(offset + Math.toIntExact(staging.length()));
        return all.slice();
    }

    /** Marks the host values as current and copies them back to {@code array} if {@code staging} was a copy. */
    static void release(INDArray array, INDArray staging) {
        Nd4j.getAffinityManager().tagLocation(staging, AffinityManager.Location.HOST);
        if (staging != array) {
            array.assign(staging.castTo(array.dataType()));
        }
    }
}
