package io.greentrain.energy.meter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads AMD EPYC/Ryzen socket energy from the {@code amd_energy} hwmon driver: a folder under {@code /sys/class/hwmon}
 * whose {@code name} is {@code amd_energy} holds {@code energyN_input} counters in microjoules with
 * {@code energyN_label}s such as {@code Esocket0} (a whole socket) and {@code Ecore000} (one core). The driver keeps
 * the counters as 64-bit accumulations of the 32-bit hardware registers, so they do not wrap in practice.
 *
 * <p>Counted: every {@code EsocketN}, as {@link RaplMeter#PACKAGE_DOMAIN} host energy. Cores are inside their socket
 * and are not counted again. The driver exposes no DRAM energy. It is an alternative to the powercap tree for hosts
 * whose kernel has no AMD RAPL powercap support: the plugin uses it only when the powercap tree counts no package,
 * so a socket is never counted by both.
 *
 * <p>Like {@link RaplMeter}, readings are cumulative from the first read; a socket that cannot be read now is left
 * out and shows in its next good read. Not thread-safe (one sampler thread).
 */
public final class AmdEnergyMeter implements EnergyMeter {

    /** Where Linux lists hwmon devices. */
    public static final Path DEFAULT_HWMON_ROOT = Path.of("/sys/class/hwmon");

    /** The {@code name} of the AMD energy hwmon device. */
    static final String DRIVER_NAME = "amd_energy";

    private static final Logger LOG = LoggerFactory.getLogger(AmdEnergyMeter.class);
    private static final Pattern INPUT = Pattern.compile("energy(\\d+)_input");
    private static final Pattern SOCKET_LABEL = Pattern.compile("Esocket(\\d+)");

    private final List<Socket> sockets;
    private final LongSupplier nanoClock;
    private final SysfsReader reader;
    private final String provenance;

    /** One socket's counter file, and what it read first and last. */
    private static final class Socket {
        final String label;
        final Path input;
        long firstMicrojoules = -1;
        long lastMicrojoules;

        Socket(String label, Path input) {
            this.label = label;
            this.input = input;
        }
    }

    private AmdEnergyMeter(List<Socket> sockets, LongSupplier nanoClock, SysfsReader reader) {
        this.sockets = sockets;
        this.nanoClock = nanoClock;
        this.reader = reader;
        this.provenance = "amd_energy hwmon " + String.join(",", sockets.stream().map(s -> s.label).toList())
                + " (" + sockets.get(0).input.getParent() + ")";
    }

    /** Opens the socket counters of the {@code amd_energy} device under {@code hwmonRoot}, reading the real files. */
    public static AmdEnergyMeter open(Path hwmonRoot, LongSupplier nanoClock) throws MeterUnavailableException {
        return open(hwmonRoot, nanoClock, SysfsReader.FILES);
    }

    static AmdEnergyMeter open(Path hwmonRoot, LongSupplier nanoClock, SysfsReader reader)
            throws MeterUnavailableException {
        Path device = findDevice(hwmonRoot, reader);
        List<Socket> sockets = new ArrayList<>();
        try (Stream<Path> files = Files.list(device)) {
            for (Path file : files.sorted().toList()) {
                Matcher input = INPUT.matcher(file.getFileName().toString());
                if (!input.matches()) {
                    continue;
                }
                String label;
                try {
                    label = reader.read(device.resolve("energy" + input.group(1) + "_label"));
                } catch (IOException e) {
                    continue;
                }
                if (SOCKET_LABEL.matcher(label).matches()) {
                    sockets.add(new Socket(label, file));
                }
            }
        } catch (IOException e) {
            throw new MeterUnavailableException("cannot list " + device + ": " + e);
        }
        if (sockets.isEmpty()) {
            throw new MeterUnavailableException(device + " (amd_energy) has no Esocket counter");
        }
        AmdEnergyMeter meter = new AmdEnergyMeter(List.copyOf(sockets), nanoClock, reader);
        List<String> unreadable = new ArrayList<>();
        for (Socket socket : sockets) {
            if (!meter.readSocket(socket)) {
                unreadable.add(socket.label);
            }
        }
        if (unreadable.size() == sockets.size()) {
            throw new MeterUnavailableException("the amd_energy counters in " + device + " cannot be read "
                    + "(reading them usually needs root since Linux 5.10)");
        }
        LOG.info("amd_energy meter counts {}", meter.provenance);
        return meter;
    }

    /** The hwmon folder whose {@code name} is {@code amd_energy}. */
    private static Path findDevice(Path hwmonRoot, SysfsReader reader) throws MeterUnavailableException {
        try (Stream<Path> devices = Files.list(hwmonRoot)) {
            for (Path device : devices.sorted().toList()) {
                try {
                    if (DRIVER_NAME.equals(reader.read(device.resolve("name")))) {
                        return device;
                    }
                } catch (IOException e) {
                    // Not a device with a readable name: not ours.
                }
            }
        } catch (NoSuchFileException e) {
            throw new MeterUnavailableException("no hwmon folder at " + hwmonRoot);
        } catch (IOException e) {
            throw new MeterUnavailableException("cannot list " + hwmonRoot + ": " + e);
        }
        throw new MeterUnavailableException("no amd_energy hwmon device under " + hwmonRoot);
    }

    private boolean readSocket(Socket socket) {
        try {
            long microjoules = Long.parseLong(reader.read(socket.input));
            if (socket.firstMicrojoules < 0) {
                socket.firstMicrojoules = microjoules;
            }
            socket.lastMicrojoules = Math.max(socket.lastMicrojoules, microjoules);
            return true;
        } catch (IOException | NumberFormatException e) {
            LOG.debug("amd_energy {}: cannot read {}: {}", socket.label, socket.input, e.toString());
            return false;
        }
    }

    @Override
    public String name() {
        return "amd_energy";
    }

    /** One {@link RaplMeter#PACKAGE_DOMAIN} reading: every socket's energy since its first read, added up. */
    @Override
    public List<EnergyReading> read() {
        boolean any = false;
        double joules = 0;
        for (Socket socket : sockets) {
            any |= readSocket(socket);
            if (socket.firstMicrojoules >= 0) {
                joules += (socket.lastMicrojoules - socket.firstMicrojoules) / 1e6;
            }
        }
        if (!any) {
            return List.of();
        }
        return List.of(new EnergyReading(RaplMeter.PACKAGE_DOMAIN, Scope.HOST, MeasurementMethod.COUNTER, joules,
                nanoClock.getAsLong(), provenance));
    }

    /** The driver accumulates into 64 bits: any interval will do. */
    @Override
    public Duration maxReadInterval() {
        return Duration.ZERO;
    }

    @Override
    public void close() {
    }
}
