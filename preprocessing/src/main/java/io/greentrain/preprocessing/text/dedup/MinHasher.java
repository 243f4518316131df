package io.greentrain.preprocessing.text.dedup;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * MinHash signatures and LSH band keys. Each shingle is hashed once to 64 bits ({@link Shingles}, already mixed by the
 * MurmurHash3 finaliser); the {@code bands x rows} permutations are then the multiply-add maps
 * {@code h_i(x) = a_i x + b_i mod 2^64} with odd {@code a_i} (a bijection of the 64-bit values, ordered as signed
 * longs), one multiplication and one addition per shingle and function, no division. {@code a_i, b_i} are drawn from a
 * {@link SplittableRandom} seeded with the spec's seed, so signatures are identical on every run and executor.
 */
public final class MinHasher implements Serializable {

    private final int bands;
    private final int rows;
    private final long[] a;
    private final long[] b;

    public MinHasher(int bands, int rows, long seed) {
        this.bands = bands;
        this.rows = rows;
        int n = bands * rows;
        a = new long[n];
        b = new long[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            a[i] = random.nextLong() | 1L;
            b[i] = random.nextLong();
        }
    }

    /** The signature of a shingle set: for each of the bands x rows functions, the minimum over the shingles. */
    public long[] signature(long[] shingles) {
        long[] signature = new long[a.length];
        java.util.Arrays.fill(signature, Long.MAX_VALUE);
        long[] mul = a;
        long[] add = b;
        for (long x : shingles) {
            for (int i = 0; i < signature.length; i++) {
                signature[i] = Math.min(signature[i], mul[i] * x + add[i]);
            }
        }
        return signature;
    }

    /** One key per band: a 64-bit hash of the band index and its rows. Equal keys make candidate pairs. */
    public long[] bandKeys(long[] signature) {
        long[] keys = new long[bands];
        for (int band = 0; band < bands; band++) {
            long h = Hashing.mix(band + 0x632BE59BD9B4E019L);
            for (int r = 0; r < rows; r++) {
                h = Hashing.mix(h ^ signature[band * rows + r]) + r;
            }
            keys[band] = h;
        }
        return keys;
    }

    public int bands() {
        return bands;
    }
}
