package io.greentrain.energy.meter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one small pseudo-file (sysfs, cgroupfs) as trimmed text. Meters take one so that tests can
 * simulate what a real kernel does but a test machine cannot, such as denying a root user.
 */
@FunctionalInterface
interface SysfsReader {

    /** The real file system. */
    SysfsReader FILES = file -> Files.readString(file).trim();

    /**
     * The file's content without surrounding whitespace.
     *
     * @throws java.nio.file.AccessDeniedException when the file exists but may not be read
     * @throws java.nio.file.NoSuchFileException   when the file (or its folder) is gone
     * @throws IOException                          on any other failure
     */
    String read(Path file) throws IOException;
}
