package io.greentrain.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The three layers of a job configuration and the one place their precedence is written:
 * command-line overrides &gt; the job's configuration file &gt; {@code reference.conf}.
 * Every failure becomes a one-line {@link ConfigException} naming the file or override.
 */
final class ConfigSources {

    /** The root of every greentrain key. */
    static final String ROOT = "greentrain";

    private static final String REFERENCE_RESOURCE = "reference.conf";

    private ConfigSources() {
    }

    /**
     * Merges the layers and resolves substitutions ({@code ${?HOME}} and the like, environment
     * variables included). Only the {@code greentrain} part of {@code reference.conf} is used, so
     * other libraries' reference files cannot leak in; roots other than {@code greentrain} in the
     * file or the overrides are left for the unknown-key check to reject.
     *
     * @param configPathOrNull the job's configuration file, or null for defaults and overrides only
     * @param overrides        {@code key=value} strings; later ones win over earlier ones
     * @param hadoopConf       the Hadoop configuration used to open the file
     */
    static Config load(String configPathOrNull, List<String> overrides, Configuration hadoopConf) {
        Config merged = reference().withOnlyPath(ROOT);
        if (configPathOrNull != null) {
            merged = file(configPathOrNull, hadoopConf).withFallback(merged);
        }
        for (String override : overrides) {
            merged = override(override).withFallback(merged);
        }
        try {
            return merged.resolve();
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** Every {@code reference.conf} on this class's class path, merged; the defaults. */
    static Config reference() {
        try {
            return ConfigFactory.parseResources(ConfigSources.class.getClassLoader(), REFERENCE_RESOURCE);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(REFERENCE_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a HOCON file from any Hadoop file system. A relative path resolves against the
     * working directory of the default file system ({@code fs.defaultFS}), which is the local
     * working directory unless the cluster configuration says otherwise. A plain {@code include
     * "other.conf"} is read from the same file system, a relative one next to the including file
     * ({@link HadoopFileIncluder}); one that does not exist fails with a line naming both files.
     */
    static Config file(String location, Configuration hadoopConf) {
        Objects.requireNonNull(hadoopConf, "hadoopConf");
        ConfigParseOptions options = ConfigParseOptions.defaults()
                .setSyntax(ConfigSyntax.CONF)
                .setOriginDescription(location)
                .setAllowMissing(false)
                .setIncluder(new HadoopFileIncluder(location, hadoopConf));
        try {
            Path path = new Path(location);
            FileSystem fileSystem = path.getFileSystem(hadoopConf);
            try (Reader reader = new InputStreamReader(fileSystem.open(path), StandardCharsets.UTF_8)) {
                return ConfigFactory.parseReader(reader, options);
            }
        } catch (FileNotFoundException e) {
            throw new ConfigException("configuration file '" + location + "' does not exist", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file '" + location + "': " + e.getMessage(), e);
        } catch (com.typesafe.config.ConfigException.Parse e) {
            throw new ConfigException("syntax error in configuration file '" + location + "' at line "
                    + e.origin().lineNumber() + ": " + problemOf(e), e);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot read configuration file '" + location + "': " + e.getMessage(), e);
        }
    }

    /**
     * Parses one {@code key=value} override as HOCON, so {@code greentrain.train.epochs=20} and
     * {@code greentrain.input.paths=["a.csv","b.csv"]} both work.
     */
    static Config override(String override) {
        if (override.indexOf('=') < 0) {
            throw new ConfigException("override '" + override + "' is not of the form key=value "
                    + "(e.g. greentrain.train.epochs=20)");
        }
        try {
            return ConfigFactory.parseString(override, ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.CONF)
                    .setOriginDescription("override '" + override + "'"));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("syntax error in override '" + override + "': " + problemOf(e), e);
        }
    }

    /** Typesafe's message without the "origin: line: " prefix, which our messages say their own way. */
    private static String problemOf(com.typesafe.config.ConfigException e) {
        String message = e.getMessage();
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }
}
