package io.greentrain.preprocessing.text.dedup;

/**
 * Deduplication settings.
 *
 * @param exact              remove exact duplicates (same SHA-256 of the normalised text). Default true.
 * @param near               remove near duplicates found by MinHash LSH. Default true.
 * @param wordShingle        shingle size in words for spaced scripts (lowercased, punctuation stripped from word
 *                           ends). Default 5, as in Gopher's and FineWeb's MinHash setups.
 * @param charShingle        shingle size in characters for unspaced scripts (letters and other tokens, punctuation
 *                           and spaces dropped). Default 3: a variant character then changes 3 shingles, not 5, which
 *                           keeps the Jaccard of variant editions of a short poem high.
 * @param bands              LSH bands. Default 25.
 * @param rows               MinHash values per band. Default 4: with 25 x 4 (100 min-hashes) a pair becomes a
 *                           candidate with probability 1 - (1 - J^4)^25: 0.999 at J = 0.7, 0.9999 at J = 0.75,
 *                           0.5 at J ≈ (1/25)^(1/4) ≈ 0.45, 0.18 at J = 0.3 and 0.04 at J = 0.2. The S-curve lies
 *                           well below the Jaccard threshold, so pairs just above it are not missed; exact
 *                           verification removes the extra candidates below it.
 * @param jaccardThreshold   candidate pairs are kept only when the exact Jaccard similarity of their shingle sets is
 *                           at least this. Default 0.7.
 * @param seed               seed of the hash family; the same seed gives the same result. Default 42.
 * @param maxBucketSize      a band bucket with more documents than this contributes only the pairs of members that
 *                           are adjacent in doc id order (linear, not quadratic; clusters still form through
 *                           connected components when those neighbours are similar). Default 200.
 * @param maxIterations      safety limit of the connected-components loop; exceeding it fails. Default 100.
 */
public record DedupSpec(boolean exact, boolean near, int wordShingle, int charShingle, int bands, int rows,
                        double jaccardThreshold, long seed, int maxBucketSize, int maxIterations)
        implements java.io.Serializable {

    public static final int WORD_SHINGLE_DEFAULT = 5;
    public static final int CHAR_SHINGLE_DEFAULT = 3;
    public static final int BANDS_DEFAULT = 25;
    public static final int ROWS_DEFAULT = 4;
    public static final double JACCARD_THRESHOLD_DEFAULT = 0.7;
    public static final long SEED_DEFAULT = 42;
    public static final int MAX_BUCKET_SIZE_DEFAULT = 200;
    public static final int MAX_ITERATIONS_DEFAULT = 100;

    public DedupSpec {
        if (wordShingle < 1 || charShingle < 1 || bands < 1 || rows < 1 || maxBucketSize < 2 || maxIterations < 1) {
            throw new IllegalArgumentException("dedup sizes must be positive (bucket size at least 2): shingles "
                    + wordShingle + "/" + charShingle + ", bands " + bands + ", rows " + rows + ", bucket "
                    + maxBucketSize + ", iterations " + maxIterations);
        }
        if (jaccardThreshold <= 0 || jaccardThreshold > 1) {
            throw new IllegalArgumentException("jaccard threshold must be in (0, 1]: " + jaccardThreshold);
        }
    }

    public static DedupSpec defaults() {
        return new DedupSpec(true, true, WORD_SHINGLE_DEFAULT, CHAR_SHINGLE_DEFAULT, BANDS_DEFAULT, ROWS_DEFAULT,
                JACCARD_THRESHOLD_DEFAULT, SEED_DEFAULT, MAX_BUCKET_SIZE_DEFAULT, MAX_ITERATIONS_DEFAULT);
    }

    public DedupSpec withExact(boolean on) {
        return new DedupSpec(on, near, wordShingle, charShingle, bands, rows, jaccardThreshold, seed, maxBucketSize,
                maxIterations);
    }

    public DedupSpec withNear(boolean on) {
        return new DedupSpec(exact, on, wordShingle, charShingle, bands, rows, jaccardThreshold, seed, maxBucketSize,
                maxIterations);
    }

    public DedupSpec withBanding(int newBands, int newRows) {
        return new DedupSpec(exact, near, wordShingle, charShingle, newBands, newRows, jaccardThreshold, seed,
                maxBucketSize, maxIterations);
    }

    public DedupSpec withJaccardThreshold(double threshold) {
        return new DedupSpec(exact, near, wordShingle, charShingle, bands, rows, threshold, seed, maxBucketSize,
                maxIterations);
    }

    public DedupSpec withShingles(int words, int chars) {
        return new DedupSpec(exact, near, words, chars, bands, rows, jaccardThreshold, seed, maxBucketSize,
                maxIterations);
    }

    public DedupSpec withMaxBucketSize(int size) {
        return new DedupSpec(exact, near, wordShingle, charShingle, bands, rows, jaccardThreshold, seed, size,
                maxIterations);
    }

    /** The Jaccard similarity at which a pair becomes a candidate with probability 1/2: (1/bands)^(1/rows). */
    public double bandingThreshold() {
        return Math.pow(1.0 / bands, 1.0 / rows);
    }
}
