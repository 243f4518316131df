package io.greentrain.preprocessing.tabular;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The CSV files behind a list of input paths, and the header of each. Driver-side only.
 *
 * <p>Each input path may be a file, a directory (its visible files, not recursive; names starting
 * with {@code _} or {@code .} are skipped as Hadoop does) or a glob, on any Hadoop file system. A
 * path that exists is taken literally, so file names with commas, brackets, braces, spaces or
 * percent signs are read as they are; only a path that does not exist is tried as a glob.
 * Compressed files are read through Hadoop's codecs. Files may order their columns differently:
 * each file's own header decides where each declared column is.
 */
public final class CsvInputFiles {

    private final Map<String, String[]> headerByFile;
    private final List<String> emptyFiles;

    private CsvInputFiles(Map<String, String[]> headerByFile, List<String> emptyFiles) {
        this.headerByFile = headerByFile;
        this.emptyFiles = emptyFiles;
    }

    /**
     * Lists the files behind {@code inputPaths} and reads the first line of each as its header.
     *
     * @throws IllegalArgumentException one line naming the path or file: when a path does not exist,
     *                                  a glob matches nothing, a file cannot be read or is not UTF-8
     *                                  text, a header lacks a declared column, or no file has a header
     * @throws UncheckedIOException     when the file system fails otherwise
     */
    public static CsvInputFiles discover(List<String> inputPaths, CleaningSpec spec, Configuration conf) {
        Map<String, String[]> headers = new LinkedHashMap<>();
        List<String> empty = new ArrayList<>();
        for (String input : inputPaths) {
            for (Path file : expand(input, conf)) {
                String[] header = readHeader(file, spec, conf);
                if (header == null) {
                    empty.add(file.toString());
                } else {
                    headers.put(file.toString(), header);
                }
            }
        }
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("no CSV rows to read: every input file is empty " + empty);
        }
        return new CsvInputFiles(headers, empty);
    }

    private static List<Path> expand(String input, Configuration conf) {
        try {
            Path path = new Path(input);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matches;
            if (fs.exists(path)) {
                matches = new FileStatus[] {fs.getFileStatus(path)};
            } else if (isGlob(input)) {
                matches = fs.globStatus(path);
                if (matches == null || matches.length == 0) {
                    throw new IllegalArgumentException("input glob matches no file: " + input);
                }
            } else {
                throw new IllegalArgumentException("input path does not exist: " + input);
            }
            List<Path> files = new ArrayList<>();
            for (FileStatus match : matches) {
                FileStatus[] children = match.isDirectory() ? fs.listStatus(match.getPath()) : new FileStatus[] {match};
                Arrays.sort(children);
                for (FileStatus child : children) {
                    String name = child.getPath().getName();
                    if (child.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                        files.add(fs.makeQualified(child.getPath()));
                    }
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("input path holds no files: " + input);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list input path " + input, e);
        }
    }

    /** Whether {@code input} holds a character that Hadoop's globs give a meaning to. */
    static boolean isGlob(String input) {
        return input.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static String[] readHeader(Path file, CleaningSpec spec, Configuration conf) {
        try {
            FileSystem fs = file.getFileSystem(conf);
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
            try (InputStream raw = fs.open(file);
                 InputStream in = new java.io.BufferedInputStream(codec == null ? raw : codec.createInputStream(raw))) {
                rejectUtf16(file, in);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line = reader.readLine();
                if (line == null) {
                    return null;
                }
                if (line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String[] header = newParser(spec).parseLine(line);
                checkHeader(file, header, spec);
                return header;
            }
        } catch (java.io.FileNotFoundException | java.nio.file.AccessDeniedException
                 | org.apache.hadoop.security.AccessControlException e) {
            throw new IllegalArgumentException("cannot read input file " + file + ": " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException("input file " + file + " is truncated or damaged before its header "
                    + "ends: " + e.getMessage(), e);
        } catch (IOException e) {
            if (new CompressionCodecFactory(conf).getCodec(file) != null) {
                throw new IllegalArgumentException("input file " + file + " is not a readable compressed file: "
                        + e.getMessage(), e);
            }
            throw new UncheckedIOException("cannot read the header of " + file, e);
        }
    }

    /** Refuses a file that starts with a UTF-16 byte-order mark: only UTF-8 (or ASCII) is read. */
    private static void rejectUtf16(Path file, InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if ((first == 0xFE && second == 0xFF) || (first == 0xFF && second == 0xFE)) {
            throw new IllegalArgumentException("input file " + file + " is UTF-16 text; convert it to UTF-8 "
                    + "(e.g. iconv -f UTF-16 -t UTF-8)");
        }
    }

    private static void checkHeader(Path file, String[] header, CleaningSpec spec) {
        Set<String> seen = new LinkedHashSet<>();
        for (String name : header) {
            if (name == null || !seen.add(name)) {
                throw new IllegalArgumentException("header of " + file + " has an empty or repeated column name: '"
                        + name + "'");
            }
        }
        for (ColumnSpec column : spec.columns()) {
            if (!seen.contains(column.name())) {
                throw new IllegalArgumentException("header of " + file + " lacks declared column '" + column.name() + "'");
            }
        }
    }

    /** A univocity parser for single CSV lines written as {@code spec} says; values are not trimmed. */
    static CsvParser newParser(CleaningSpec spec) {
        CsvParserSettings settings = new CsvParserSettings();
        settings.getFormat().setDelimiter(spec.delimiter());
        settings.getFormat().setQuote(spec.quote());
        settings.getFormat().setQuoteEscape(spec.quote());
        settings.setIgnoreLeadingWhitespaces(false);
        settings.setIgnoreTrailingWhitespaces(false);
        settings.setNullValue("");
        settings.setEmptyValue("");
        settings.setMaxColumns(100_000);
        settings.setMaxCharsPerColumn(-1);
        return new CsvParser(settings);
    }

    /** Fully qualified paths of the files that have a header, in listing order. */
    public List<String> files() {
        return List.copyOf(headerByFile.keySet());
    }

    /**
     * The bytes stored in the files that have a header, as their file systems list them (compressed files count
     * as stored): what a run reads.
     *
     * @throws UncheckedIOException when a file's size cannot be read
     */
    public long storedBytes(Configuration conf) {
        return storedBytes(headerByFile.keySet(), conf);
    }

    /**
     * The bytes stored in {@code files}, as their file systems list them (compressed files count as stored).
     *
     * @throws UncheckedIOException when a file's size cannot be read
     */
    public static long storedBytes(Collection<String> files, Configuration conf) {
        long bytes = 0;
        for (String file : files) {
            Path path = new Path(file);
            try {
                bytes += path.getFileSystem(conf).getFileStatus(path).getLen();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of input file " + file, e);
            }
        }
        return bytes;
    }

    /** Files that were empty (not even a header) and so hold no rows. */
    public List<String> emptyFiles() {
        return List.copyOf(emptyFiles);
    }

    /** Each file's header, by qualified path. */
    public Map<String, String[]> headers() {
        return Map.copyOf(headerByFile);
    }

    /** Header columns that no declared column names, over all files, sorted; they are not read. */
    public List<String> undeclaredColumns(CleaningSpec spec) {
        Set<String> undeclared = new java.util.TreeSet<>();
        for (String[] header : headerByFile.values()) {
            for (String name : header) {
                if (spec.column(name).isEmpty()) {
                    undeclared.add(name);
                }
            }
        }
        return List.copyOf(undeclared);
    }
}
