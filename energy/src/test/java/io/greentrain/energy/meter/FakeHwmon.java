package io.greentrain.energy.meter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hwmon tree laid out like {@code /sys/class/hwmon}: {@code hwmonN} folders, each with a {@code name}; the
 * {@code amd_energy} one with {@code energyN_input} (microjoules) and {@code energyN_label} files, sockets labelled
 * {@code EsocketN} and cores {@code EcoreNNN}, as the driver numbers them (cores first, then sockets).
 */
final class FakeHwmon {

    private final Path root;

    private FakeHwmon(Path root) {
        this.root = root;
    }

    static FakeHwmon at(Path root) {
        return new FakeHwmon(root);
    }

    /** Adds device {@code hwmonN} named {@code name}, with no counters. */
    FakeHwmon device(int number, String name) {
        write(number, "name", name + "\n");
        return this;
    }

    /** Adds counter {@code energyN} labelled {@code label} to device {@code hwmonNumber}. */
    FakeHwmon counter(int hwmonNumber, int counter, String label, long microjoules) {
        write(hwmonNumber, "energy" + counter + "_label", label + "\n");
        return energy(hwmonNumber, counter, microjoules);
    }

    FakeHwmon energy(int hwmonNumber, int counter, long microjoules) {
        write(hwmonNumber, "energy" + counter + "_input", microjoules + "\n");
        return this;
    }

    /** An EPYC-like two-socket host: four cores (energy1-4) and two sockets (energy5-6) on {@code hwmon2}. */
    static FakeHwmon twoSocketEpyc(Path root) {
        return at(root).device(0, "k10temp").device(1, "nvme").device(2, "amd_energy")
                .counter(2, 1, "Ecore000", 0).counter(2, 2, "Ecore001", 0)
                .counter(2, 3, "Ecore064", 0).counter(2, 4, "Ecore065", 0)
                .counter(2, 5, "Esocket0", 1_000_000_000L).counter(2, 6, "Esocket1", 2_000_000_000L);
    }

    private void write(int number, String file, String content) {
        try {
            Path dir = Files.createDirectories(root.resolve("hwmon" + number));
            Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
