package io.greentrain.preprocessing.text.dedup;

import io.greentrain.preprocessing.text.quality.ScriptClass;
import io.greentrain.preprocessing.text.quality.TextDocument;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Shingle sets as sorted arrays of distinct 64-bit hashes. Tokens are lowercased words with punctuation stripped
 * from their ends (spaced scripts: {@link TextDocument#spacedWords}, a quoted Chinese phrase split into its letters) or the letters and other runs of {@link TextDocument#unspacedWords} (unspaced
 * scripts); a shingle is {@code n} consecutive tokens; a text shorter than {@code n} tokens is one shingle of all its
 * tokens; a text without tokens has no shingles.
 */
public final class Shingles {

    private Shingles() {
    }

    /** The tokens of {@code text} for its script class. */
    public static List<String> tokens(String text, ScriptClass script) {
        List<String> tokens = new ArrayList<>();
        for (String token : TextDocument.words(text, script)) {
            String core = stripEnds(token).toLowerCase(Locale.ROOT);
            if (!core.isEmpty()) {
                tokens.add(core);
            }
        }
        return tokens;
    }

    /**
     * The shingle set of {@code text}: the same array as {@code of(tokens(text, script), n)}, computed without a
     * string per token for spaced scripts (ASCII tokens are lowercased and hashed in place).
     */
    public static long[] of(String text, ScriptClass script, int n) {
        if (script == ScriptClass.UNSPACED) {
            return of(tokens(text, script), n);
        }
        long[] tokenHashes = new long[16];
        int count = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            while (i < length && isRegexSpace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !isRegexSpace(text.charAt(i))) {
                i++;
            }
            int end = i;
            while (start < end && !Character.isLetterOrDigit(text.charAt(start))) {
                start++;
            }
            while (end > start && !Character.isLetterOrDigit(text.charAt(end - 1))) {
                end--;
            }
            if (start == end) {
                continue;
            }
            if (count == tokenHashes.length) {
                tokenHashes = Arrays.copyOf(tokenHashes, count * 2);
            }
            tokenHashes[count++] = tokenHash(text, start, end);
        }
        return shingles(tokenHashes, count, n);
    }

    /** Sorted distinct hashes of the {@code n}-token shingles of {@code tokens}. */
    public static long[] of(List<String> tokens, int n) {
        long[] tokenHashes = new long[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            tokenHashes[i] = Hashing.hash64(tokens.get(i));
        }
        return shingles(tokenHashes, tokenHashes.length, n);
    }

    private static long[] shingles(long[] tokenHashes, int tokens, int n) {
        if (tokens == 0) {
            return new long[0];
        }
        int count = Math.max(1, tokens - n + 1);
        long[] hashes = new long[count];
        for (int i = 0; i < count; i++) {
            long h = 0x9E3779B97F4A7C15L;
            for (int j = i; j < Math.min(tokens, i + n); j++) {
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

    /** {@link Hashing#hash64} of {@code text[start, end)} lowercased with {@link Locale#ROOT}. */
    private static long tokenHash(String text, int start, int end) {
        long h = 0xcbf29ce484222325L;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return Hashing.hash64(text.substring(start, end).toLowerCase(Locale.ROOT));
            }
            h ^= c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
            h *= 0x100000001b3L;
        }
        return Hashing.mix(h);
    }

    /** The characters of the regular expression {@code \s}, which separate the words of spaced scripts. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
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
