package io.greentrain.preprocessing.tabular;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;

/**
 * Hadoop's {@link TextInputFormat} over an exact list of files: each input path is one file, taken
 * literally. {@link FileInputFormat} would expand every path as a glob and split the list on
 * commas, so a file called {@code a,b.csv} or {@code data[1].csv} would be read wrongly or not at
 * all. Splitting, compression codecs and line reading are {@link TextInputFormat}'s.
 */
public final class ListedFilesTextInputFormat extends TextInputFormat {

    /**
     * A copy of {@code conf} whose input paths are {@code files} (qualified paths), escaped so that
     * commas in names survive.
     */
    public static Configuration withFiles(Configuration conf, List<String> files) throws IOException {
        Job job = Job.getInstance(new Configuration(conf));
        FileInputFormat.setInputPaths(job, files.stream().map(Path::new).toArray(Path[]::new));
        return job.getConfiguration();
    }

    @Override
    protected List<FileStatus> listStatus(JobContext job) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (Path path : getInputPaths(job)) {
            files.add(path.getFileSystem(job.getConfiguration()).getFileStatus(path));
        }
        return files;
    }
}
