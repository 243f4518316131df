package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.jobs.config.KeyGroup;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One step of a {@link Pipeline}: everything {@link JobRunner} needs to run it idempotently (see
 * {@link RunLayout}) in one object. The runner validates the configuration for it before Spark
 * starts, skips it when its marker matches, otherwise clears and stages its {@link #outputs()},
 * enters the energy phase {@link #name()}, calls {@link #run}, commits, writes the marker and
 * merges the sections it returns into {@code summary.json}.
 *
 * <p>The step's upstream is the step before it in its pipeline: a step reads that step's committed
 * outputs, and its input fingerprint names that step's commit. The first step of a pipeline reads
 * the job's input files instead and fingerprints them with {@link #sourceFingerprint}.
 *
 * <p>Implementations hold no state (one instance serves every run) and run on the driver only.
 */
public interface Step {

    /**
     * The step's name: its command-line name, its marker's and staging folder's name, and the
     * energy phase its work is recorded under, e.g. {@code clean} or {@code text-prepare}.
     */
    String name();

    /** What the step does, in one line for {@code greentrain --help}. */
    String description();

    /**
     * The outputs the step owns, relative to the run's output folder: what it writes (into the
     * staging folder under the same relative paths) and what a re-run replaces. Steps may share a
     * folder file by file ({@code model/}), never an output.
     */
    List<String> outputs();

    /**
     * The configuration the step's results depend on; the marker's config hash covers exactly
     * these, so changing any other key (the output folder, a later step's settings) does not make
     * the step run again.
     */
    List<KeyGroup> keyGroups();

    /** The {@code summary.json} sections {@link #run} returns, e.g. {@code train} and {@code validation}. */
    List<String> summarySections();

    /**
     * Checks the configuration the step will read, before Spark starts.
     *
     * @throws io.greentrain.jobs.config.ConfigException or {@link IllegalArgumentException} naming the key
     */
    default void validate(JobConfig config) {
    }

    /**
     * Checks, before Spark starts, the input files the step will read when it is the first of its
     * pipeline: that they exist and can be read, and that their headers fit the configuration.
     * Steps that read only the output of the step before them check nothing here.
     *
     * @param hadoopConf the Hadoop configuration the job's Spark session will use
     * @throws IllegalArgumentException one line naming the path or file at fault
     */
    default void checkInputs(JobConfig config, org.apache.hadoop.conf.Configuration hadoopConf) {
    }

    /**
     * The fingerprint of the job's input files when this step is the first of its pipeline (one
     * Spark job reading them may run); later steps are fingerprinted by their upstream's commit.
     *
     * @throws UnsupportedOperationException for a step that reads only the output of the step before it
     */
    default String sourceFingerprint(JobContext ctx) {
        throw new UnsupportedOperationException(name() + " reads the output of the step before it, not input files");
    }

    /**
     * The bytes (as stored) of the input the step's queries read, where the step can tell them without reading
     * it; empty where it cannot or its queries do not depend on it. The runner plans the queries of a step with a
     * small input differently ({@link SmallInputQueries}): the same results at less fixed cost.
     */
    default OptionalLong inputBytes(JobContext ctx) {
        return OptionalLong.empty();
    }

    /**
     * Runs the step, reading committed outputs from {@code ctx.layout()} and writing its own under
     * {@code staging}.
     *
     * @param input the input fingerprint recorded in the marker (for a first step, that of the input files)
     * @return the step's sections of {@code summary.json}, keyed by the names in {@link #summarySections()}
     */
    ObjectNode run(JobContext ctx, RunLayout staging, String input);

    /**
     * The summary section holding the work this step trained on (examples or tokens), from which
     * the energy and carbon sections derive their per-example figures; empty for a step that trains
     * nothing.
     */
    default Optional<String> workSection() {
        return Optional.empty();
    }

    /**
     * Prints the step's lines of the short summary at the end of a job, from its sections of
     * {@code summary} (which may have been restored from the marker or an earlier job); prints
     * nothing when they are absent.
     */
    void printSummary(JsonNode summary, PrintStream out);
}
