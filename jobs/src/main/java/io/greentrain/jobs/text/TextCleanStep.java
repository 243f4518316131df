package io.greentrain.jobs.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.Phases;
import io.greentrain.formats.JsonFiles;
import io.greentrain.jobs.JobContext;
import io.greentrain.preprocessing.text.TextCleaningReport;
import io.greentrain.preprocessing.text.TextCleaningSpec;
import io.greentrain.preprocessing.text.TextCorpusCleaner;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Text step 1: raw corpus files in; cleaned, deduplicated documents out, every removed document
 * kept under {@code text/removed/<reason>/} and counted.
 */
public final class TextCleanStep {

    private TextCleanStep() {
    }

    /**
     * Runs the step, writing into {@code out}; returns the {@code textClean} section of the summary.
     *
     * @param inputSha256 the fingerprint of the input files' contents, recorded in the report
     */
    public static ObjectNode run(JobContext ctx, TextLayout out, String inputSha256) {
        List<String> inputs = ctx.config().requireInputPaths();
        TextCleaningSpec spec = ctx.config().textCleaningSpec();
        Phases.enter(ctx.spark().sparkContext(), "text-clean");
        ctx.progress().report("text-clean", "reading %s as %s", inputs,
                spec.reader().format().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        TextCleaningReport report = TextCorpusCleaner.clean(ctx.spark(), spec, inputs, out.cleanDir());

        ObjectNode section = JsonFiles.MAPPER.valueToTree(report.toMap());
        section.put("inputSha256", inputSha256);
        JsonFiles.write(section, out.cleanReport(), ctx.hadoopConf());
        String removed = report.removedByReason().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        ctx.progress().report("text-clean", "%d documents in = %d kept + %d removed (%s); %d near-duplicate clusters",
                report.docsIn(), report.docsKept(), report.docsRemoved(), removed, report.clusters());
        return section;
    }
}
