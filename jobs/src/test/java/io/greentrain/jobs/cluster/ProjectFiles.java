package io.greentrain.jobs.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The project's checked-in files (tests run in the jobs module's folder), and running scripts on them. */
final class ProjectFiles {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path CLUSTER_CONF = ROOT.resolve("cluster-conf");
    static final Path SCRIPTS = ROOT.resolve("scripts");

    private ProjectFiles() {
    }

    /** The files in {@code dir} whose names match {@code glob}, sorted; fails when there are none. */
    static List<Path> list(Path dir, String glob) {
        List<Path> files = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new AssertionError("no " + glob + " in " + dir);
        }
        files.sort(null);
        return files;
    }

    /** A properties file read the way spark-submit reads {@code --properties-file}: UTF-8, values trimmed. */
    static Properties sparkProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.stringPropertyNames().forEach(k -> properties.setProperty(k, properties.getProperty(k).trim()));
        return properties;
    }

    /** The build's own properties (greentrain-build.properties), e.g. {@code java17.opens}. */
    static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = ProjectFiles.class.getClassLoader().getResourceAsStream("greentrain-build.properties")) {
            if (in == null) {
                throw new AssertionError("greentrain-build.properties is not on the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** What a finished process printed, and its exit code. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * Runs {@code command} in the project's root folder with {@code extraEnv} added to the
     * environment, and waits at most 60 s.
     *
     * @throws AssertionError naming the program when it cannot be started (e.g. python3 missing)
     */
    static Result run(List<String> command, java.util.Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().putAll(extraEnv);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run '" + command.get(0) + "' (" + e.getMessage() + "): this test needs it on PATH", e);
        }
        try {
            process.getOutputStream().close();
            var stdout = process.getInputStream().readAllBytes();
            var stderr = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                    new String(stderr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(String... command) {
        return run(List.of(command), java.util.Map.of());
    }

    static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
