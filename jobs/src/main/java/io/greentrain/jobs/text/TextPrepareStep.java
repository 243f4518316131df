package io.greentrain.jobs.text;

import static org.apache.spark.sql.functions.char_length;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.jobs.JobContext;
import io.greentrain.jobs.RunLayout;
import io.greentrain.jobs.Step;
import io.greentrain.jobs.config.GreentrainKeys;
import io.greentrain.jobs.config.KeyGroup;
import io.greentrain.energy.Phases;
import io.greentrain.formats.CharVocabulary;
import io.greentrain.formats.JsonFiles;
import io.greentrain.jobs.config.TextKeys;
import io.greentrain.preprocessing.text.tokenize.CorpusSplit;
import io.greentrain.preprocessing.text.tokenize.SequenceExporter;
import io.greentrain.preprocessing.text.tokenize.SequenceSettings;
import io.greentrain.preprocessing.text.tokenize.VocabularyBuilder;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Text step 2: the cleaned documents become a character vocabulary (built with Spark from the
 * train split, so held-out text does not shape it) and fixed-length token sequences in DL4J
 * minibatch files, split into train and held-out by a seeded hash of each document's id.
 * With {@code greentrain.text.sequence.max-characters} set, a seeded sample of the documents of
 * about that size is used instead of all of them, and the summary says so.
 */
public final class TextPrepareStep implements Step {

    /** Resolution of the sampling hash: a document is used when its hash bucket is below fraction x this. */
    private static final long SAMPLE_BUCKETS = 1_000_000_000L;

    @Override
    public String name() {
        return "text-prepare";
    }

    @Override
    public String description() {
        return "text corpus: character vocabulary and fixed-length sequences as DL4J minibatch files";
    }

    @Override
    public List<String> outputs() {
        return List.of("text/vocabulary.json", "text/sequences");
    }

    /** The vocabulary, the sequences, and the batch size the minibatch files are cut to. */
    @Override
    public List<KeyGroup> keyGroups() {
        return List.of(KeyGroup.section("greentrain.text.vocabulary"), KeyGroup.section("greentrain.text.sequence"),
                KeyGroup.of(GreentrainKeys.TRAIN_BATCH_SIZE_PER_WORKER));
    }

    @Override
    public List<String> summarySections() {
        return List.of("textPrepare");
    }

    /**
     * Runs the step, reading {@code text/kept} from the run's folder and writing into
     * {@code staging}; returns the {@code textPrepare} section of the summary.
     */
    @Override
    public ObjectNode run(JobContext ctx, RunLayout staging, String input) {
        TextLayout in = new TextLayout(ctx.layout().outputDir());
        TextLayout out = new TextLayout(staging.outputDir());
        SequenceSettings settings = ctx.config().sequenceSettings();
        Dataset<Row> kept = ctx.spark().read().parquet(in.kept()).select(CorpusSplit.DOC_ID, CorpusSplit.TEXT);
        Row totals = kept.agg(countAll(), sum(char_length(col(CorpusSplit.TEXT)))).first();
        long keptDocuments = totals.getLong(0);
        long keptCharacters = totals.isNullAt(1) ? 0 : totals.getLong(1);
        long budget = ctx.config().get(TextKeys.SEQUENCE_MAX_CHARACTERS);
        double fraction = budget == 0 || keptCharacters <= budget ? 1 : (double) budget / keptCharacters;
        Dataset<Row> corpus = (fraction < 1 ? kept.filter(sampled(fraction, settings.seed())) : kept)
                .persist(StorageLevel.MEMORY_AND_DISK());
        Row used = fraction < 1 ? corpus.agg(countAll(), sum(char_length(col(CorpusSplit.TEXT)))).first() : totals;
        if (fraction < 1) {
            ctx.progress().report("text-prepare", "using a seeded sample of %d of %d documents (%d of %d characters;"
                    + " greentrain.text.sequence.max-characters = %d)", used.getLong(0), keptDocuments,
                    used.isNullAt(1) ? 0 : used.getLong(1), keptCharacters, budget);
        }

        CharVocabulary vocabulary = VocabularyBuilder.build(CorpusSplit.train(corpus, settings), CorpusSplit.TEXT,
                ctx.config().vocabularySettings());
        vocabulary.save(out.vocabulary(), ctx.hadoopConf());
        ctx.progress().report("text-prepare", "vocabulary: %d ids for %d distinct characters, covering %.4f%% of %d",
                vocabulary.size(), vocabulary.corpusDistinctCharacters(), 100 * vocabulary.coverage(),
                vocabulary.corpusCharacters());
        SequenceExporter.Export export = SequenceExporter.export(ctx.spark(), corpus, vocabulary, settings,
                out.sequences(TextLayout.TRAIN), out.sequences(TextLayout.HELD_OUT));
        corpus.unpersist(false);
        ctx.progress().report("text-prepare", "sequences of %d: train %d (%d documents), held-out %d (%d documents)",
                export.train().sequenceLength(), export.train().sequences(), export.train().documents(),
                export.heldOut().sequences(), export.heldOut().documents());

        ObjectNode section = JsonFiles.newObject();
        section.put("documentsKept", keptDocuments);
        section.put("charactersKept", keptCharacters);
        section.put("sampled", fraction < 1);
        section.put("documentsUsed", used.getLong(0));
        section.put("charactersUsed", used.isNullAt(1) ? 0 : used.getLong(1));
        ObjectNode vocab = section.putObject("vocabulary");
        vocab.put("size", vocabulary.size());
        vocab.put("trainCharacters", vocabulary.corpusCharacters());
        vocab.put("distinctCharacters", vocabulary.corpusDistinctCharacters());
        vocab.put("coverage", vocabulary.coverage());
        section.put("tokens", export.train().tokens() + export.heldOut().tokens());
        section.set("train", splitJson(export.train().toJson()));
        section.set("heldOut", splitJson(export.heldOut().toJson()));
        ObjectNode sections = JsonFiles.newObject();
        sections.set("textPrepare", section);
        return sections;
    }

    @Override
    public void printSummary(JsonNode summary, PrintStream out) {
        JsonNode textPrepare = summary.path("textPrepare");
        if (!textPrepare.isMissingNode()) {
            out.printf(Locale.ROOT, "  prepare   vocabulary %d, %d tokens from %d documents; %d train / %d held-out sequences%n",
                    textPrepare.path("vocabulary").path("size").asInt(), textPrepare.path("tokens").asLong(),
                    textPrepare.path("documentsUsed").asLong(), textPrepare.path("train").path("sequences").asLong(),
                    textPrepare.path("heldOut").path("sequences").asLong());
        }
    }

    private static Column countAll() {
        return org.apache.spark.sql.functions.count(lit(1));
    }

    /** A seeded, per-document choice independent of the held-out split's hash (different salt). */
    private static Column sampled(double fraction, long seed) {
        Column bucket = pmod(xxhash64(lit("greentrain.text.sample"), lit(seed), col(CorpusSplit.DOC_ID)),
                lit(SAMPLE_BUCKETS));
        return bucket.lt(lit((long) Math.ceil(fraction * SAMPLE_BUCKETS)));
    }

    /** The split's manifest without the per-file paths and per-id counts, which belong in the manifest only. */
    private static ObjectNode splitJson(ObjectNode manifest) {
        ObjectNode copy = manifest.deepCopy();
        copy.remove("paths");
        copy.remove("labelTokenCounts");
        return copy;
    }
}
