package io.greentrain.preprocessing.text.dedup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A seeded corpus with planted near duplicates: distinct documents of random words from a large vocabulary
 * ({@link #generate}) or given real texts ({@link #ofTexts}), plus one planted variant for some of them (a few words
 * edited, a sentence added or removed, boilerplate appended). Each planted pair carries its true Jaccard similarity of
 * word 5-gram sets, computed here independently of the code under test.
 */
public final class PlantedNearDuplicates {

    /** A document: id and text. */
    public record Doc(String id, String text) {
    }

    /** A planted (original, variant) pair and the true Jaccard of their word 5-gram sets. */
    public record Pair(String original, String variant, String edit, double jaccard) {
    }

    private static final String BOILERPLATE = "Subscribe to our newsletter for weekly updates and offers. "
            + "Read our privacy policy and terms of use before you continue.";

    private final List<Doc> docs = new ArrayList<>();
    private final List<Pair> pairs = new ArrayList<>();

    private PlantedNearDuplicates() {
    }

    /** {@code originals} documents of 120 to 300 words and a variant for {@code variants} of them. */
    public static PlantedNearDuplicates generate(long seed, int originals, int variants) {
        Random random = new Random(seed);
        List<String> vocabulary = vocabulary(random, 20_000);
        PlantedNearDuplicates corpus = new PlantedNearDuplicates();
        List<List<List<String>>> texts = new ArrayList<>();
        for (int i = 0; i < originals; i++) {
            List<List<String>> sentences = new ArrayList<>();
            int words = 120 + random.nextInt(181);
            while (words > 0) {
                int length = Math.min(words, 8 + random.nextInt(13));
                sentences.add(randomWords(random, vocabulary, length));
                words -= length;
            }
            texts.add(sentences);
            corpus.docs.add(new Doc(String.format(Locale.ROOT, "doc-%06d", i), render(sentences)));
        }
        int[] edits = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32};
        for (int v = 0; v < variants; v++) {
            int original = v;
            List<List<String>> sentences = new ArrayList<>();
            texts.get(original).forEach(s -> sentences.add(new ArrayList<>(s)));
            String edit;
            switch (v % 4) {
                case 0, 1 -> {
                    int k = edits[random.nextInt(edits.length)];
                    for (int e = 0; e < k; e++) {
                        List<String> sentence = sentences.get(random.nextInt(sentences.size()));
                        sentence.set(random.nextInt(sentence.size()), vocabulary.get(random.nextInt(vocabulary.size())));
                    }
                    edit = k + " words edited";
                }
                case 2 -> {
                    if (random.nextBoolean() && sentences.size() > 2) {
                        sentences.remove(random.nextInt(sentences.size()));
                        edit = "sentence removed";
                    } else {
                        sentences.add(random.nextInt(sentences.size() + 1),
                                randomWords(random, vocabulary, 8 + random.nextInt(13)));
                        edit = "sentence added";
                    }
                }
                default -> {
                    sentences.add(List.of(BOILERPLATE.split(" ")));
                    edit = "boilerplate appended";
                }
            }
            String id = String.format(Locale.ROOT, "var-%06d", v);
            String text = render(sentences);
            corpus.docs.add(new Doc(id, text));
            corpus.pairs.add(new Pair(corpus.docs.get(original).id(), id, edit,
                    trueJaccard(corpus.docs.get(original).text(), text)));
        }
        return corpus;
    }

    /**
     * Real texts (ids {@code real-NNNNNN}, in the given order) plus a planted variant of {@code variants} of them,
     * chosen at random among the texts of at least 40 words: edits as in {@link #generate} on the text's words (a
     * sentence is a span of 8-20 words; replacement and inserted words are drawn from the words of the whole corpus),
     * the variant's words joined by single spaces.
     *
     * @throws IllegalArgumentException when fewer than {@code variants} texts have 40 words
     */
    public static PlantedNearDuplicates ofTexts(long seed, List<String> texts, int variants) {
        Random random = new Random(seed);
        PlantedNearDuplicates corpus = new PlantedNearDuplicates();
        List<Integer> eligible = new ArrayList<>();
        List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            corpus.docs.add(new Doc(String.format(Locale.ROOT, "real-%06d", i), texts.get(i)));
            List<String> words = words(texts.get(i));
            if (words.size() >= 40) {
                eligible.add(i);
            }
            for (int w = 0; w < words.size(); w += 7) {
                vocabulary.add(words.get(w));
            }
        }
        if (eligible.size() < variants) {
            throw new IllegalArgumentException(variants + " variants asked, " + eligible.size()
                    + " texts have 40 words");
        }
        java.util.Collections.shuffle(eligible, random);
        int[] edits = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32};
        for (int v = 0; v < variants; v++) {
            Doc original = corpus.docs.get(eligible.get(v));
            List<String> words = new ArrayList<>(List.of(original.text().trim().split("\\s+")));
            String edit;
            switch (v % 4) {
                case 0, 1 -> {
                    int k = edits[random.nextInt(edits.length)];
                    for (int e = 0; e < k; e++) {
                        words.set(random.nextInt(words.size()), vocabulary.get(random.nextInt(vocabulary.size())));
                    }
                    edit = k + " words edited";
                }
                case 2 -> {
                    int span = 8 + random.nextInt(13);
                    int at = random.nextInt(Math.max(1, words.size() - span));
                    if (random.nextBoolean() && words.size() > 2 * span) {
                        words.subList(at, at + span).clear();
                        edit = "sentence removed";
                    } else {
                        words.addAll(at, randomWords(random, vocabulary, span));
                        edit = "sentence added";
                    }
                }
                default -> {
                    words.addAll(List.of(BOILERPLATE.split(" ")));
                    edit = "boilerplate appended";
                }
            }
            String id = String.format(Locale.ROOT, "var-%06d", v);
            String text = String.join(" ", words);
            corpus.docs.add(new Doc(id, text));
            corpus.pairs.add(new Pair(original.id(), id, edit, trueJaccard(original.text(), text)));
        }
        return corpus;
    }

    public List<Doc> docs() {
        return docs;
    }

    public List<Pair> pairs() {
        return pairs;
    }

    /** Jaccard of the sets of lowercased, punctuation-trimmed word 5-grams. */
    public static double trueJaccard(String a, String b) {
        Set<String> x = fiveGrams(a);
        Set<String> y = fiveGrams(b);
        Set<String> union = new HashSet<>(x);
        union.addAll(y);
        x.retainAll(y);
        return union.isEmpty() ? 0 : (double) x.size() / union.size();
    }

    private static Set<String> fiveGrams(String text) {
        List<String> words = words(text);
        Set<String> grams = new HashSet<>();
        for (int i = 0; i + 5 <= words.size(); i++) {
            grams.add(String.join(" ", words.subList(i, i + 5)));
        }
        return grams;
    }

    /** Lowercased words with leading and trailing punctuation removed. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String token : text.toLowerCase(Locale.ROOT).split("\\s+")) {
            String core = token.replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
            if (!core.isEmpty()) {
                words.add(core);
            }
        }
        return words;
    }

    private static List<String> vocabulary(Random random, int size) {
        Set<String> words = new HashSet<>();
        List<String> ordered = new ArrayList<>();
        while (ordered.size() < size) {
            StringBuilder word = new StringBuilder();
            int length = 3 + random.nextInt(7);
            for (int i = 0; i < length; i++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            if (words.add(word.toString())) {
                ordered.add(word.toString());
            }
        }
        return ordered;
    }

    private static List<String> randomWords(Random random, List<String> vocabulary, int n) {
        List<String> words = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            words.add(vocabulary.get(random.nextInt(vocabulary.size())));
        }
        return words;
    }

    private static String render(List<List<String>> sentences) {
        StringBuilder text = new StringBuilder();
        for (List<String> sentence : sentences) {
            if (text.length() > 0) {
                text.append(' ');
            }
            String joined = String.join(" ", sentence);
            text.append(Character.toUpperCase(joined.charAt(0))).append(joined.substring(1)).append('.');
        }
        return text.toString();
    }
}
