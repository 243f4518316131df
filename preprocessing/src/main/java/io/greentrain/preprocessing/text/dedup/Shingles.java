package io.greentrain.preprocessing.text.dedup;

import io.greentrain.preprocessing.text.quality.QualityFilter;
import io.greentrain.preprocessing.text.quality.ScriptClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Shingle sets as sorted arrays of distinct 64-bit hashes. Tokens are lowercased words with punctuation stripped
 * from their ends (spaced scripts) or the letters and other runs of {@link QualityFilter#unspacedWords} (unspaced
 * scripts); a shingle is {@code n} consecutive tokens; a text shorter than {@code n} tokens is one shingle of all its
 * tokens; a text without tokens has no shingles.
 */
public final class Shingles {

    private Shingles() {
    }

    /** The tokens of {@code text} for its script class. */
    public static List<String> tokens(String text, ScriptClass script) {
        List<String> tokens = new ArrayList<>();
        List<String> raw = script == ScriptClass.UNSPACED ? QualityFilter.unspacedWords(text)
                : QualityFilter.spacedWords(text);
        for (String token : raw) {
            String core = stripEnds(token).toLowerCase(Locale.ROOT);
            if (!core.isEmpty()) {
                tokens.add(core);
            }
        }
        return tokens;
    }

    /** Sorted distinct hashes of the {@code n}-token shingles of {@code tokens}. */
    public static long[] of(List<String> tokens, int n) {
        if (tokens.isEmpty()) {
            return new long[0];
        }
        int count = Math.max(1, tokens.size() - n + 1);
        long[] hashes = new long[count];
        long[] tokenHashes = new long[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            tokenHashes[i] = Hashing.hash64(tokens.get(i));
        }
        for (int i = 0; i < count; i++) {
            long h = 0x9E3779B97F4A7C15L;
            for (int j = i; j < Math.min(tokens.size(), i + n); j++) {
                h = Hashing.mix(h * 31 + tokenHashes[j]);
            }
            hashes[i] = h;
        }
        Arrays.sort(hashes);
        int distinct = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (i == 0 || hashes[i] != hashes[i - 1]) {
                hashes[distinct++] = hashes[i];
            }
        }
        return Arrays.copyOf(hashes, distinct);
    }

    /** Exact Jaccard similarity of two sorted distinct arrays; 0 when both are empty. */
    public static double jaccard(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                common++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        int union = a.length + b.length - common;
        return union == 0 ? 0 : (double) common / union;
    }

    private static String stripEnds(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && !Character.isLetterOrDigit(token.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetterOrDigit(token.charAt(end - 1))) {
            end--;
        }
        return token.substring(start, end);
    }
}
