package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.greentrain.jobs.config.JobConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** cluster-conf/jobs/*.conf load with the jobs' own loader, which rejects unknown keys and bad values. */
class ExampleJobConfigsTest {

    private static final Path AMES = ProjectFiles.ROOT.resolve("data/ames/ames-housing.conf");

    static List<Path> jobConfigs() {
        return ProjectFiles.list(ProjectFiles.CLUSTER_CONF.resolve("jobs"), "*.conf");
    }

    @ParameterizedTest
    @MethodSource("jobConfigs")
    void loadsAndValidatesEverySectionAStepNeeds(Path file) {
        JobConfig config = JobConfig.load(file.toString(), List.of(), null);

        assertThat(config.requireInputPaths()).isNotEmpty();
        assertThat(config.cleaningSpec()).isNotNull();
        assertThat(config.featureSpec()).isNotNull();
        assertThat(config.networkSpec()).isNotNull();
        assertThat(config.trainerSettings().workers()).isPositive();
    }

    @ParameterizedTest
    @MethodSource("jobConfigs")
    void keepsPathsOnTheFileSystemItsNameSays(Path file) {
        JobConfig config = JobConfig.load(file.toString(), List.of(), null);
        String name = file.getFileName().toString();
        String prefix = name.contains("-hdfs") ? "hdfs://" : name.contains("-s3a") ? "s3a://" : "file:///mnt/";
        assertThat(config.inputPaths()).allMatch(p -> p.startsWith(prefix));
        assertThat(config.outputDir()).startsWith(prefix);
    }

    @ParameterizedTest
    @MethodSource("jobConfigs")
    void describesTheDataExactlyAsTheAmesExampleDoes(Path file) {
        Config example = ConfigFactory.parseFile(AMES.toFile());
        Config cluster = ConfigFactory.parseFile(file.toFile());
        for (String section : List.of("greentrain.clean", "greentrain.features", "greentrain.model")) {
            assertThat(cluster.getConfig(section).root().unwrapped()).as("%s in %s", section, file)
                    .isEqualTo(example.getConfig(section).root().unwrapped());
        }
        assertThat(cluster.getInt("greentrain.train.epochs")).isEqualTo(example.getInt("greentrain.train.epochs"));
    }
}
