package io.greentrain.jobs;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line every job takes:
 * <pre>
 *   --config PATH        the job configuration (HOCON, any Hadoop FS path)
 *   --set KEY=VALUE      override one key (repeatable; VALUE is HOCON, e.g. 20 or ["a.csv","b.csv"])
 *   --input PATH         input file or folder (repeatable; replaces greentrain.input.paths)
 *   --output DIR         output folder (replaces greentrain.output.dir)
 *   --model DIR          predict only: the model folder of a finished run
 *   --format FORMAT      predict only: parquet (default) or csv
 *   --force              run the steps even when their success markers say they are done
 *   --help
 * </pre>
 * Later flags win over earlier ones, and every flag wins over the configuration file.
 */
public record JobArguments(Optional<String> configPath, List<String> overrides, List<String> inputs,
                           Optional<String> output, Optional<String> model, String format, boolean force,
                           boolean help) {

    /** The flags, one line each, for {@code greentrain JOB --help}. */
    public static final String FLAGS = String.join("\n",
            "arguments:",
            "  --config PATH      the job configuration (HOCON, any Hadoop FS path)",
            "  --set KEY=VALUE    override one key (repeatable; VALUE is HOCON, e.g. 20 or [\"a.csv\",\"b.csv\"])",
            "  --input PATH       input file or folder (repeatable; replaces greentrain.input.paths)",
            "  --output DIR       output folder (replaces greentrain.output.dir)",
            "  --model DIR        predict only: the model folder of a finished run",
            "  --format FORMAT    predict only: parquet (default) or csv",
            "  --force            run the steps even when their success markers say they are done",
            "  --help             this text");

    /**
     * Parses {@code args}.
     *
     * @throws UsageException naming the argument that is wrong
     */
    public static JobArguments parse(String[] args) {
        Optional<String> config = Optional.empty();
        List<String> overrides = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        Optional<String> output = Optional.empty();
        Optional<String> model = Optional.empty();
        String format = "parquet";
        boolean force = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config", "-c" -> config = Optional.of(value(args, ++i, arg));
                case "--set" -> overrides.add(value(args, ++i, arg));
                case "--input" -> inputs.add(value(args, ++i, arg));
                case "--output" -> output = Optional.of(value(args, ++i, arg));
                case "--model" -> model = Optional.of(value(args, ++i, arg));
                case "--format" -> {
                    format = value(args, ++i, arg);
                    if (!format.equals("parquet") && !format.equals("csv")) {
                        throw new UsageException("--format must be parquet or csv, not '" + format + "'");
                    }
                }
                case "--force" -> force = true;
                case "--help", "-h" -> help = true;
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        return new JobArguments(config, List.copyOf(overrides), List.copyOf(inputs), output, model, format, force, help);
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(flag + " needs a value");
        }
        return args[index];
    }

    /** The {@code --set} overrides followed by those that {@code --input} and {@code --output} stand for. */
    public List<String> allOverrides() {
        List<String> all = new ArrayList<>(overrides);
        if (!inputs.isEmpty()) {
            all.add("greentrain.input.paths=" + ConfigValueFactory.fromIterable(inputs).render(ConfigRenderOptions.concise()));
        }
        output.ifPresent(dir -> all.add("greentrain.output.dir=" + ConfigValueFactory.fromAnyRef(dir).render(ConfigRenderOptions.concise())));
        return all;
    }
}
