package io.greentrain.training;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatch files of a seeded linear problem for the trainers' tests: features {@code x1, x2}
 * drawn from a standard normal, label {@code w1 x1 + w2 x2}, written with {@code DataSet.save} in
 * file order.
 */
public final class LinearMinibatchFiles {

    private LinearMinibatchFiles() {
    }

    /**
     * Writes one file per entry of {@code examplesPerFile} into {@code folder} (created if needed)
     * and returns their URIs in order. The same seed and sizes always give the same files.
     */
    public static List<String> write(Path folder, long seed, float w1, float w2, List<Integer> examplesPerFile)
            throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(seed);
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < examplesPerFile.size(); i++) {
            int examples = examplesPerFile.get(i);
            float[][] x = new float[examples][2];
            float[][] y = new float[examples][1];
            for (int row = 0; row < examples; row++) {
                x[row][0] = (float) random.nextGaussian();
                x[row][1] = (float) random.nextGaussian();
                y[row][0] = w1 * x[row][0] + w2 * x[row][1];
            }
            File file = folder.resolve(String.format("batch-%06d.bin", i)).toFile();
            new DataSet(Nd4j.create(x).castTo(DataType.FLOAT), Nd4j.create(y).castTo(DataType.FLOAT)).save(file);
            uris.add(file.toURI().toString());
        }
        return uris;
    }

    /** {@code count} sizes of {@code batch}, then one of {@code last} when it is positive. */
    public static List<Integer> sizes(int count, int batch, int last) {
        List<Integer> sizes = new ArrayList<>(java.util.Collections.nCopies(count, batch));
        if (last > 0) {
            sizes.add(last);
        }
        return sizes;
    }
}
