package io.greentrain.jobs.config;

import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Resolves a configuration file's plain {@code include "NAME"} on the Hadoop file system the file
 * was read from: a relative name against the including file's folder, an absolute path or URI as
 * it is. Typesafe Config would otherwise look a relative name up on the class path of a file read
 * as a stream and quietly skip it when it is not there. Included files resolve their own includes
 * the same way. {@code include file(...)}, {@code url(...)} and {@code classpath(...)} keep
 * Typesafe's meaning.
 */
final class HadoopFileIncluder implements ConfigIncluder {

    private final String includingFile;
    private final Configuration hadoopConf;

    HadoopFileIncluder(String includingFile, Configuration hadoopConf) {
        this.includingFile = includingFile;
        this.hadoopConf = hadoopConf;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this;
    }

    /**
     * @throws ConfigException naming the including file and the included one when that does not
     *                         exist or cannot be read
     */
    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        String included = resolve(what);
        try {
            Path path = new Path(included);
            if (!path.getFileSystem(hadoopConf).exists(path)) {
                throw new ConfigException("configuration file '" + includingFile + "' includes '" + what
                        + "', which does not exist (looked for " + included + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the included configuration file " + included, e);
        }
        return ConfigSources.file(included, hadoopConf).root();
    }

    /** {@code what} as a path: relative names resolve against the including file's folder. */
    String resolve(String what) {
        Path path = new Path(what);
        if (path.isAbsolute() || path.toUri().getScheme() != null) {
            return what;
        }
        Path parent = new Path(includingFile).getParent();
        return parent == null ? what : new Path(parent, what).toString();
    }
}
