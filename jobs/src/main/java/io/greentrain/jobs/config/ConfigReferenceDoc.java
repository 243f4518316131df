package io.greentrain.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the configuration reference, {@code docs/configuration.md}, from
 * {@link GreentrainKeys} (keys, types, docs) and {@code reference.conf} (defaults), the way
 * spark-rapids generates its {@code docs/configs.md}. A test fails when the checked-in file
 * differs from {@link #render()}.
 */
public final class ConfigReferenceDoc {

    /** The command that regenerates the checked-in reference, run from the repository root. */
    static final String REGENERATE_COMMAND = "mvn -B -o -q package -pl jobs -DskipTests && "
            + "java -cp \"$(cat jobs/target/local-classpath.txt):jobs/target/classes\" "
            + ConfigReferenceDoc.class.getName() + " docs/configuration.md";

    private ConfigReferenceDoc() {
    }

    /** Writes the reference to the file named by {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: " + ConfigReferenceDoc.class.getName() + " <output.md>");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), render(), StandardCharsets.UTF_8);
    }

    /** The reference as Markdown: every key with its type, default and meaning, then the object fields. */
    public static String render() {
        Config defaults = ConfigSources.reference();
        StringBuilder md = new StringBuilder();
        md.append("# Configuration reference\n\n")
                .append("Generated from ").append(GreentrainKeys.class.getName())
                .append(" by ConfigReferenceDoc; do not edit.\n")
                .append("Regenerate with `").append(REGENERATE_COMMAND).append("`.\n\n")
                .append("A job reads one HOCON file from any Hadoop file system and takes `key=value` overrides ")
                .append("on the command line, each value parsed as HOCON (`greentrain.train.epochs=20`, ")
                .append("`greentrain.input.paths=[\"a.csv\",\"b.csv\"]`). ")
                .append("Precedence, highest first: overrides (later ones win), the file, `reference.conf`, ")
                .append("which holds the defaults below.\n\n")
                .append("Every key is checked before any work starts: an unknown key, a value of the wrong type ")
                .append("or out of range, or keys that do not fit together stop the job with exit code 2 ")
                .append("and one line naming the key.\n");

        String section = null;
        for (ConfigKey<?> key : GreentrainKeys.all()) {
            String keySection = sectionOf(key.path());
            if (!keySection.equals(section)) {
                section = keySection;
                md.append("\n## ").append(section).append("\n\n")
                        .append("| Key | Type | Default | Meaning |\n")
                        .append("|---|---|---|---|\n");
            }
            md.append(row(code(key.path()), key.typeDescription(), code(defaultOf(defaults, key)), key.doc()));
        }
        appendFields(md, GreentrainKeys.COLUMN_OBJECT, GreentrainKeys.CLEAN_COLUMNS);
        appendFields(md, GreentrainKeys.OUTLIER_OBJECT, GreentrainKeys.CLEAN_OUTLIERS);
        return md.toString();
    }

    private static void appendFields(StringBuilder md, ObjectSchema<?> schema, ConfigKey<?> listKey) {
        md.append("\n## ").append(capitalised(schema.objectName())).append("s\n\n")
                .append("The entries of `").append(listKey.path()).append("`. Errors name an entry by its ")
                .append("position, counted from 0: `").append(listKey.path()).append("[3].")
                .append(schema.fields().get(0).name()).append("`. Unknown fields are rejected.\n\n")
                .append("| Field | Type | Default | Meaning |\n")
                .append("|---|---|---|---|\n");
        for (ObjectField<?> field : schema.fields()) {
            String defaultCell = field.isRequired() || field.defaultDescription().equals("none")
                    ? field.defaultDescription() : code(field.defaultDescription());
            md.append(row(code(field.name()), field.typeDescription(), defaultCell, field.doc()));
        }
    }

    private static String defaultOf(Config defaults, ConfigKey<?> key) {
        if (!defaults.hasPathOrNull(key.path())) {
            throw new IllegalStateException(key.path() + " has no default in reference.conf");
        }
        return defaults.getValue(key.path()).render(ConfigRenderOptions.concise());
    }

    /** The heading a key is listed under: its path up to the last dot, e.g. {@code greentrain.features.split}. */
    private static String sectionOf(String path) {
        return path.substring(0, path.lastIndexOf('.'));
    }

    private static String row(String... cells) {
        StringBuilder row = new StringBuilder("|");
        for (String cell : cells) {
            row.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        return row.append('\n').toString();
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
