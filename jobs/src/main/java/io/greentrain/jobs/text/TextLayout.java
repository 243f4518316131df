package io.greentrain.jobs.text;

/**
 * Where the text-corpus steps read and write inside a run's output folder (any Hadoop FS URI);
 * part of the public contract like {@link io.greentrain.jobs.RunLayout}, which holds the run-wide
 * files ({@code summary.json}, the ledger).
 *
 * <pre>
 * OUTPUT/text/kept/                      the cleaned, deduplicated documents (Parquet)
 * OUTPUT/text/removed/REASON/            every removed document with its reason, detail and text (Parquet)
 * OUTPUT/text/report.json                the cleaning counts, reconciled: in = kept + removed
 * OUTPUT/text/vocabulary.json            the character vocabulary built from text/kept
 * OUTPUT/text/sequences/{train,held-out}/ fixed-length token sequences as DL4J DataSet files, with sequences.json
 * OUTPUT/lm/                             the trained language model: network.zip, vocabulary.json, metadata.json
 * </pre>
 */
public record TextLayout(String outputDir) {

    public static final String TRAIN = "train";
    public static final String HELD_OUT = "held-out";

    public TextLayout {
        outputDir = outputDir.endsWith("/") ? outputDir.substring(0, outputDir.length() - 1) : outputDir;
    }

    /** The folder {@code TextCorpusCleaner} writes {@code kept/} and {@code removed/} into. */
    public String cleanDir() {
        return outputDir + "/text";
    }

    public String kept() {
        return cleanDir() + "/kept";
    }

    public String removed() {
        return cleanDir() + "/removed";
    }

    public String cleanReport() {
        return cleanDir() + "/report.json";
    }

    public String vocabulary() {
        return cleanDir() + "/vocabulary.json";
    }

    public String sequences() {
        return cleanDir() + "/sequences";
    }

    /** {@code split} is {@link #TRAIN} or {@link #HELD_OUT}. */
    public String sequences(String split) {
        return sequences() + "/" + split;
    }

    public String model() {
        return outputDir + "/lm";
    }
}
