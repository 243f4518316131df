package io.greentrain.preprocessing.text.dedup;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * MinHash signatures and LSH band keys. The hash family is {@code h_i(x) = (a_i x + b_i) mod p} with the Mersenne
 * prime {@code p = 2^61 - 1} and {@code a_i, b_i} drawn from a {@link SplittableRandom} seeded with the spec's
 * seed, so signatures are identical on every run and executor. Shingle hashes are reduced mod p first.
 */
public final class MinHasher implements Serializable {

    static final long MERSENNE_61 = (1L << 61) - 1;

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
            a[i] = 1 + random.nextLong(MERSENNE_61 - 1);
            b[i] = random.nextLong(MERSENNE_61);
        }
    }

    /** The signature of a shingle set: for each of the bands x rows functions, the minimum over the shingles. */
    public long[] signature(long[] shingles) {
        long[] signature = new long[a.length];
        java.util.Arrays.fill(signature, Long.MAX_VALUE);
        for (long shingle : shingles) {
            long x = reduce(shingle);
            for (int i = 0; i < a.length; i++) {
                long h = mulMod(a[i], x) + b[i];
                if (h >= MERSENNE_61) {
                    h -= MERSENNE_61;
                }
                if (h < signature[i]) {
                    signature[i] = h;
                }
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

    static long reduce(long x) {
        long r = (x & MERSENNE_61) + (x >>> 61);
        return r >= MERSENNE_61 ? r - MERSENNE_61 : r;
    }

    /** {@code a * x mod (2^61 - 1)} for {@code a, x < 2^61}, from the 128-bit product. */
    static long mulMod(long a, long x) {
        long hi = Math.multiplyHigh(a, x);
        long lo = a * x;
        long r = (lo & MERSENNE_61) + ((lo >>> 61) | (hi << 3));
        r = (r & MERSENNE_61) + (r >>> 61);
        return r >= MERSENNE_61 ? r - MERSENNE_61 : r;
    }
}
