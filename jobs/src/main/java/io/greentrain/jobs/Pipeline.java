package io.greentrain.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An ordered list of {@link Step}s, each reading the committed outputs of the one before it. The
 * pipeline runs as one job under its own name; each of its steps also runs alone under the step's
 * name. Immutable.
 *
 * @param name        the command-line name of the whole pipeline, e.g. {@code pipeline}
 * @param description what the pipeline does, in one line for {@code greentrain --help}
 * @param steps       the steps in order; names unique, none owning an output another one owns
 * @param paths       the {@code paths} section of {@code summary.json}: where the run's outputs are
 */
public record Pipeline(String name, String description, List<Step> steps, Function<RunLayout, ObjectNode> paths) {

    public Pipeline {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("pipeline " + name + " has no steps");
        }
        var names = new HashSet<String>();
        var outputs = new HashSet<String>();
        for (Step step : steps) {
            if (!names.add(step.name())) {
                throw new IllegalArgumentException("pipeline " + name + " has two steps called " + step.name());
            }
            for (String output : step.outputs()) {
                if (!outputs.add(output)) {
                    throw new IllegalArgumentException("pipeline " + name + ": two steps own the output " + output);
                }
            }
        }
    }

    /** The step before {@code step}, whose outputs it reads; empty for the first step. */
    public Optional<Step> upstreamOf(Step step) {
        int index = indexOf(step);
        return index > 0 ? Optional.of(steps.get(index - 1)) : Optional.empty();
    }

    /** {@code step} and the steps after it: the ones a run of {@code step} makes stale. */
    public List<Step> fromStep(Step step) {
        return steps.subList(indexOf(step), steps.size());
    }

    private int indexOf(Step step) {
        int index = steps.indexOf(step);
        if (index < 0) {
            throw new IllegalArgumentException(step.name() + " is not a step of " + name);
        }
        return index;
    }
}
