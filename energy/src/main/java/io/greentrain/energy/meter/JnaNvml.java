package io.greentrain.energy.meter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.IntSupplier;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Nvml} bound to the driver's {@code libnvidia-ml.so.1} through JNA: needs the NVIDIA driver,
 * not the CUDA toolkit. Linux only.
 *
 * <p>Thread-safe. Device handles are looked up once per index and cached.
 */
public final class JnaNvml implements Nvml {

    /** The names tried in order: the driver package's versioned name, then the development link. */
    static final List<String> LIBRARY_NAMES = List.of("libnvidia-ml.so.1", "libnvidia-ml.so");

    static final int NVML_SUCCESS = 0;
    static final int NVML_ERROR_NOT_SUPPORTED = 3;
    static final int NVML_ERROR_FUNCTION_NOT_FOUND = 13;

    /** NVML_DEVICE_UUID_V2_BUFFER_SIZE and NVML_DEVICE_NAME_V2_BUFFER_SIZE. */
    private static final int STRING_BUFFER_BYTES = 96;
    /**
     * {@code nvmlPciInfo_t}: char busIdLegacy[16], five unsigned ints, char busId[32], 68 bytes in
     * all; read as raw memory rather than mapped as a structure, since only {@code busId} is used.
     */
    private static final int PCI_INFO_BYTES = 68;
    private static final int PCI_BUS_ID_OFFSET = 36;

    private static final Logger LOG = LoggerFactory.getLogger(JnaNvml.class);

    /** The C functions, as {@code nvml.h} declares them ({@code nvmlDevice_t} is a pointer). */
    interface NvmlLibrary extends Library {
        int nvmlInit_v2();

        int nvmlShutdown();

        String nvmlErrorString(int result);

        int nvmlDeviceGetCount_v2(IntByReference deviceCount);

        int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

        int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

        int nvmlDeviceGetName(Pointer device, byte[] name, int length);

        int nvmlDeviceGetPciInfo_v3(Pointer device, Pointer pciInfo);

        int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference energyMillijoules);

        int nvmlDeviceGetPowerUsage(Pointer device, IntByReference powerMilliwatts);

        int nvmlSystemGetDriverVersion(byte[] version, int length);
    }

    private final NvmlLibrary library;
    private final ConcurrentMap<Integer, Pointer> handles = new ConcurrentHashMap<>();

    private JnaNvml(NvmlLibrary library) {
        this.library = library;
    }

    /**
     * Loads and initialises NVML; empty (with the reason logged) when the library is absent, as on
     * any machine without the NVIDIA driver, or when {@code nvmlInit_v2} fails. Never throws.
     */
    public static Optional<Nvml> load() {
        return load(LIBRARY_NAMES);
    }

    /**
     * As {@link #load()}, trying {@code libraryNames} (names or absolute paths) in order: for a
     * driver installed outside the loader's search path, or a stand-in library in tests.
     */
    public static Optional<Nvml> load(List<String> libraryNames) {
        for (String libraryName : libraryNames) {
            NvmlLibrary library;
            try {
                library = Native.load(libraryName, NvmlLibrary.class);
            } catch (LinkageError e) {
                LOG.debug("NVML not loaded from {}: {}", libraryName, e.toString());
                continue;
            }
            try {
                int result = library.nvmlInit_v2();
                if (result != NVML_SUCCESS) {
                    LOG.warn("NVML loaded from {} but nvmlInit_v2 failed: NVML error {} ({}); no GPU meter",
                            libraryName, result, library.nvmlErrorString(result));
                    return Optional.empty();
                }
            } catch (LinkageError e) {
                LOG.warn("{} is not a usable NVML library: {}; no GPU meter", libraryName, e.toString());
                return Optional.empty();
            }
            LOG.info("NVML loaded from {}", libraryName);
            return Optional.of(new JnaNvml(library));
        }
        LOG.info("NVML library not found (tried {}); no GPU meter", libraryNames);
        return Optional.empty();
    }

    @Override
    public int deviceCount() {
        IntByReference count = new IntByReference();
        call("nvmlDeviceGetCount_v2", () -> library.nvmlDeviceGetCount_v2(count));
        return count.getValue();
    }

    @Override
    public String uuid(int index) {
        byte[] buffer = new byte[STRING_BUFFER_BYTES];
        call("nvmlDeviceGetUUID", () -> library.nvmlDeviceGetUUID(handle(index), buffer, buffer.length));
        return Native.toString(buffer, StandardCharsets.US_ASCII);
    }

    @Override
    public String pciBusId(int index) {
        Memory pciInfo = new Memory(PCI_INFO_BYTES + 1);
        pciInfo.clear();
        call("nvmlDeviceGetPciInfo_v3", () -> library.nvmlDeviceGetPciInfo_v3(handle(index), pciInfo));
        return pciInfo.getString(PCI_BUS_ID_OFFSET, StandardCharsets.US_ASCII.name());
    }

    @Override
    public String name(int index) {
        byte[] buffer = new byte[STRING_BUFFER_BYTES];
        call("nvmlDeviceGetName", () -> library.nvmlDeviceGetName(handle(index), buffer, buffer.length));
        return Native.toString(buffer, StandardCharsets.UTF_8);
    }

    /** Empty also when the driver's NVML predates the call (added in driver 410 with Volta). */
    @Override
    public OptionalLong totalEnergyMillijoules(int index) {
        LongByReference energy = new LongByReference();
        int result = invoke(() -> library.nvmlDeviceGetTotalEnergyConsumption(handle(index), energy));
        if (result == NVML_ERROR_NOT_SUPPORTED || result == NVML_ERROR_FUNCTION_NOT_FOUND) {
            return OptionalLong.empty();
        }
        check("nvmlDeviceGetTotalEnergyConsumption", result);
        return OptionalLong.of(energy.getValue());
    }

    @Override
    public long powerMilliwatts(int index) {
        IntByReference power = new IntByReference();
        call("nvmlDeviceGetPowerUsage", () -> library.nvmlDeviceGetPowerUsage(handle(index), power));
        return Integer.toUnsignedLong(power.getValue());
    }

    @Override
    public Optional<String> driverVersion() {
        byte[] buffer = new byte[STRING_BUFFER_BYTES];
        int result = invoke(() -> library.nvmlSystemGetDriverVersion(buffer, buffer.length));
        return result == NVML_SUCCESS ? Optional.of(Native.toString(buffer, StandardCharsets.US_ASCII)) : Optional.empty();
    }

    @Override
    public void shutdown() {
        handles.clear();
        call("nvmlShutdown", library::nvmlShutdown);
    }

    private Pointer handle(int index) {
        return handles.computeIfAbsent(index, i -> {
            PointerByReference device = new PointerByReference();
            call("nvmlDeviceGetHandleByIndex_v2(" + i + ")", () -> library.nvmlDeviceGetHandleByIndex_v2(i, device));
            return device.getValue();
        });
    }

    private void call(String name, IntSupplier nativeCall) {
        check(name, invoke(nativeCall));
    }

    /** Runs a call; a function missing from an old driver's library reads as NVML's own code for that. */
    private static int invoke(IntSupplier nativeCall) {
        try {
            return nativeCall.getAsInt();
        } catch (UnsatisfiedLinkError e) {
            LOG.debug("NVML function missing: {}", e.toString());
            return NVML_ERROR_FUNCTION_NOT_FOUND;
        }
    }

    private void check(String name, int result) {
        if (result != NVML_SUCCESS) {
            throw new NvmlException(name, result, library.nvmlErrorString(result));
        }
    }
}
