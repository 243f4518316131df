package io.greentrain.jobs;

/**
 * Where each step reads and writes inside a run's output folder (any Hadoop FS URI). The layout is
 * part of the public contract: later steps, {@code predict} and schedulers rely on it.
 *
 * <pre>
 * OUTPUT/summary.json                 machine-readable result of the run (stable keys)
 * OUTPUT/clean/data/                  cleaned rows (Parquet)
 * OUTPUT/clean/quarantine/            rejected rows with reason, detail and raw line (Parquet)
 * OUTPUT/clean/duplicates/            removed duplicates and the row each copies (Parquet)
 * OUTPUT/clean/quarantine-json/       the quarantine again, as JSON Lines (part-*.json)
 * OUTPUT/clean/duplicates-json/       the duplicates again, as JSON Lines (part-*.json)
 * OUTPUT/clean/report.json            the cleaning counts and the input's SHA-256
 * OUTPUT/features/examples/           feature vectors, labels and split of every row (Parquet, by split)
 * OUTPUT/minibatches/{train,validation}/batch-NNNNNN.bin   DL4J DataSet files
 * OUTPUT/model/network.zip            the trained network (ModelSerializer)
 * OUTPUT/model/feature-pipeline/      the fitted Spark MLlib PipelineModel
 * OUTPUT/model/features.json          feature count, label transform, split sizes
 * OUTPUT/model/metadata.json          all of features.json, input hash, versions, training settings
 * OUTPUT/model/job.conf               the resolved job configuration
 * OUTPUT/evaluation/test-predictions/ test rows with label and prediction (Parquet)
 * OUTPUT/evaluation/report.json       test metrics
 * OUTPUT/ledger/run=ID/segment-*.jsonl the carbon ledger (hash-chained entries)
 * OUTPUT/_markers/STEP.json           success marker of each finished step (clean, convert, train, evaluate, text-clean, ...)
 * OUTPUT/_staging/STEP/               a running step's outputs before they are committed
 * OUTPUT/_checkpoints/STEP/           a running training step's last complete epoch (allreduce engine)
 * OUTPUT/_greentrain.lock             held by the run using the folder ({@link OutputLock})
 * </pre>
 *
 * <h2>Idempotent steps</h2>
 * A scheduler (Airflow, Oozie) may run a step again after a failure; the result is the same as one
 * clean run, never duplicates or a mix of old and new files:
 * <ul>
 *   <li><b>Commit by rename.</b> A step writes its outputs ({@link Step#outputs()}) under
 *       {@code _staging/STEP/} with the same relative paths, then moves each into place with one
 *       Hadoop FS rename (atomic on HDFS), replacing the previous one, and only then writes its
 *       marker {@code _markers/STEP.json}: step, input fingerprint, config hash, commit id, time,
 *       Spark application id and the step's {@code summary.json} sections. No marker, no promise:
 *       the outputs may be missing, partial or from an earlier attempt.</li>
 *   <li><b>Finished steps are skipped.</b> A step whose marker records the same input fingerprint
 *       and config hash is skipped with a log line and its summary sections are restored from the
 *       marker, so retrying a finished step is a no-op. {@code --force} runs it anyway. The input
 *       fingerprint of {@code clean} is the SHA-256 of the input files' contents; that of a later
 *       step names the commit id of the step before it, so a step that ran again makes every later
 *       step run again. The config hash covers only the keys the step depends on (see
 *       {@link Step#keyGroups()}).</li>
 *   <li><b>Unfinished steps start over.</b> A step without a matching marker first deletes its
 *       marker and the markers of the steps after it (their outputs were made from the ones it
 *       replaces), its staging folder (temporaries of a crashed attempt) and its final outputs (a
 *       partial commit), then runs. A training step on the allreduce engine keeps its per-epoch
 *       checkpoints in {@code _checkpoints/STEP/}: run again on the same input and configuration,
 *       it resumes after the last complete epoch rather than from scratch
 *       ({@code train.resumedFromEpoch} in {@code summary.json}); its checkpoints are removed once
 *       it commits.</li>
 *   <li><b>Upstream first.</b> A step run on its own needs the marker of the step before it; without
 *       one it fails with a message naming the missing marker (exit code 2).</li>
 *   <li><b>Summary.</b> {@code summary.json} is merged at the end of each job (re-read, the job's
 *       sections replaced, written to a temporary file and renamed over the old one).</li>
 *   <li>The carbon ledger is append-only with its own hash chain; re-running a step continues the
 *       run's chain and never rewrites entries.</li>
 * </ul>
 */
public record RunLayout(String outputDir) {

    public RunLayout {
        outputDir = outputDir.endsWith("/") ? outputDir.substring(0, outputDir.length() - 1) : outputDir;
    }

    /** Where the success marker of the step called {@code step} lives. */
    public String marker(String step) {
        return outputDir + "/_markers/" + step + ".json";
    }

    /**
     * Where the training step called {@code step} checkpoints each epoch while it runs: outside its
     * staging folder, so that running the step again after a crash resumes from the last complete
     * epoch; removed when the step commits.
     */
    public String checkpoints(String step) {
        return outputDir + "/_checkpoints/" + step;
    }

    /** The layout the running step called {@code step} writes into before its outputs are committed. */
    public RunLayout staging(String step) {
        return new RunLayout(outputDir + "/_staging/" + step);
    }

    public String summary() {
        return outputDir + "/summary.json";
    }

    public String cleaned() {
        return outputDir + "/clean/data";
    }

    public String quarantine() {
        return outputDir + "/clean/quarantine";
    }

    public String duplicates() {
        return outputDir + "/clean/duplicates";
    }

    /** The quarantined rows as JSON Lines, for readers without Parquet. */
    public String quarantineJson() {
        return outputDir + "/clean/quarantine-json";
    }

    /** The removed duplicates as JSON Lines, for readers without Parquet. */
    public String duplicatesJson() {
        return outputDir + "/clean/duplicates-json";
    }

    /** The carbon ledger the energy plugin appends to (one {@code run=<id>} folder per run id). */
    public String ledger() {
        return outputDir + "/ledger";
    }

    /** The ledger's run id: the output folder's name, so that re-running into it continues the chain. */
    public String runId() {
        String name = outputDir.substring(outputDir.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0)) ? "run-" + name : name;
    }

    public String cleanReport() {
        return outputDir + "/clean/report.json";
    }

    public String evaluationReport() {
        return outputDir + "/evaluation/report.json";
    }

    public String examples() {
        return outputDir + "/features/examples";
    }

    public String minibatches(String split) {
        return outputDir + "/minibatches/" + split;
    }

    public String modelDir() {
        return outputDir + "/model";
    }

    public String testPredictions() {
        return outputDir + "/evaluation/test-predictions";
    }

    /** The files of a model folder, wherever it lives (predict may be pointed at any one). */
    public record ModelLayout(String dir) {

        public String network() {
            return dir + "/network.zip";
        }

        public String featurePipeline() {
            return dir + "/feature-pipeline";
        }

        /** What convert recorded: feature count, label transform, split sizes. */
        public String features() {
            return dir + "/features.json";
        }

        public String metadata() {
            return dir + "/metadata.json";
        }

        public String jobConfig() {
            return dir + "/job.conf";
        }
    }

    public ModelLayout model() {
        return new ModelLayout(modelDir());
    }
}
