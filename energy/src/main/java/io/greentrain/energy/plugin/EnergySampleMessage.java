package io.greentrain.energy.plugin;

import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.Scope;
import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.ObjectStreamException;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of an {@link EnergySample} between an executor and the driver: its fields written one after another
 * ({@link Externalizable}), instead of Java serialization's default form of a record holding a list of records of
 * enums. Spark deserializes every plugin message with a fresh stream, so the default form pays for several class
 * descriptors and the records' constructor handles on every sample, on the driver's shared RPC threads, for each of
 * thousands of executors a second; this form describes one class.
 *
 * <p>Not for use on its own: {@link EnergySample} writes itself as this and it reads back as the sample.
 */
public final class EnergySampleMessage implements Externalizable {

    private static final long serialVersionUID = 1L;
    private static final MeasurementMethod[] METHODS = MeasurementMethod.values();
    private static final Scope[] SCOPES = Scope.values();

    private EnergySample sample;

    /** For deserialization only. */
    public EnergySampleMessage() {
    }

    EnergySampleMessage(EnergySample sample) {
        this.sample = sample;
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeUTF(sample.executorId());
        out.writeUTF(sample.host());
        out.writeUTF(sample.hostId());
        out.writeLong(sample.sequence());
        out.writeLong(sample.windowStartMillis());
        out.writeLong(sample.windowEndMillis());
        out.writeLong(sample.processCpuNanos());
        out.writeBoolean(sample.hostReader());
        out.writeDouble(sample.hostBusyRatio());
        out.writeBoolean(sample.last());
        out.writeInt(sample.domains().size());
        for (DomainEnergy domain : sample.domains()) {
            out.writeUTF(domain.domain());
            out.writeByte(domain.scope().ordinal());
            out.writeByte(domain.method().ordinal());
            out.writeDouble(domain.joules());
            out.writeUTF(domain.provenance());
        }
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        String executorId = in.readUTF();
        String host = in.readUTF();
        String hostId = in.readUTF();
        long sequence = in.readLong();
        long windowStart = in.readLong();
        long windowEnd = in.readLong();
        long cpuNanos = in.readLong();
        boolean hostReader = in.readBoolean();
        double busy = in.readDouble();
        boolean last = in.readBoolean();
        int count = in.readInt();
        if (count < 0 || count > 4096) {
            throw new IOException("an energy sample message with " + count + " domains");
        }
        List<DomainEnergy> domains = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String domain = in.readUTF();
            int scope = in.readUnsignedByte();
            int method = in.readUnsignedByte();
            if (scope >= SCOPES.length || method >= METHODS.length) {
                throw new IOException("an energy sample message with an unknown scope or method");
            }
            domains.add(new DomainEnergy(domain, SCOPES[scope], METHODS[method], in.readDouble(), in.readUTF()));
        }
        sample = new EnergySample(executorId, host, sequence, windowStart, windowEnd, cpuNanos, hostReader, busy,
                domains, last, hostId);
    }

    /** Reads back as the sample itself. */
    private Object readResolve() throws ObjectStreamException {
        return sample;
    }
}
