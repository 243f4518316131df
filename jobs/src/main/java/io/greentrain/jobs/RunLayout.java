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
 * </pre>
 */
public record RunLayout(String outputDir) {

    public RunLayout {
        outputDir = outputDir.endsWith("/") ? outputDir.substring(0, outputDir.length() - 1) : outputDir;
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
