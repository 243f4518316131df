package io.greentrain.energy.meter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A powercap tree laid out like {@code /sys/class/powercap}: every zone is a folder nested in its
 * parent zone and also linked flat from the root, each with {@code name}, {@code energy_uj} and
 * {@code max_energy_range_uj}.
 */
final class FakePowercap {

    static final long TYPICAL_RANGE_UJ = 262_143_328_850L;

    private final Path root;
    private final boolean flatLinks;

    private FakePowercap(Path root, boolean flatLinks) {
        this.root = root;
        this.flatLinks = flatLinks;
    }

    /** A tree with flat links at the root, as sysfs has. */
    static FakePowercap at(Path root) {
        return new FakePowercap(root, true);
    }

    /** A tree with nested folders only. */
    static FakePowercap nestedOnlyAt(Path root) {
        return new FakePowercap(root, false);
    }

    /** Adds zone {@code id} (e.g. {@code intel-rapl:0:1}) named {@code name}, with a typical range. */
    FakePowercap zone(String id, String name, long energyUj) {
        return zone(id, name, energyUj, TYPICAL_RANGE_UJ);
    }

    FakePowercap zone(String id, String name, long energyUj, long maxRangeUj) {
        try {
            Path dir = nestedDir(id);
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("name"), name + "\n");
            Files.writeString(dir.resolve("energy_uj"), energyUj + "\n");
            Files.writeString(dir.resolve("max_energy_range_uj"), maxRangeUj + "\n");
            if (flatLinks && !dir.getParent().equals(root)) {
                Files.createSymbolicLink(root.resolve(id), dir);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakePowercap energy(String id, long energyUj) {
        return write(id, "energy_uj", energyUj + "\n");
    }

    FakePowercap rangeFileContent(String id, String content) {
        return write(id, "max_energy_range_uj", content);
    }

    FakePowercap deleteRangeFile(String id) {
        try {
            Files.delete(nestedDir(id).resolve("max_energy_range_uj"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the zone's folder and its flat link, as when the driver unregisters it. */
    FakePowercap remove(String id) {
        try (Stream<Path> files = Files.walk(nestedDir(id))) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
            Files.deleteIfExists(root.resolve(id));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FakePowercap write(String id, String file, String content) {
        try {
            Files.writeString(nestedDir(id).resolve(file), content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code intel-rapl:0:1} lives in {@code intel-rapl:0}, which lives in the root. */
    private Path nestedDir(String id) {
        int lastColon = id.lastIndexOf(':');
        boolean topLevel = lastColon == id.indexOf(':');
        return topLevel ? root.resolve(id) : nestedDir(id.substring(0, lastColon)).resolve(id);
    }
}
