package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.greentrain.energy.EnergyConf;
import io.greentrain.energy.EnergySettings;
import io.greentrain.energy.EnergyPlugin;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Every {@code cluster-conf/spark-defaults*.conf}, read as spark-submit reads it, against the code it configures. */
class SparkDefaultsFilesTest {

    private static final String TIME_SOURCE =
            "-Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource";
    private static final String MAX_BYTES = "-Dorg.bytedeco.javacpp.maxbytes=";
    private static final String MAX_PHYSICAL_BYTES = "-Dorg.bytedeco.javacpp.maxphysicalbytes=";

    static List<Path> propertiesFiles() {
        return ProjectFiles.list(ProjectFiles.CLUSTER_CONF, "spark-defaults*.conf");
    }

    static List<Path> gpuPropertiesFiles() {
        return ProjectFiles.list(ProjectFiles.CLUSTER_CONF, "spark-defaults-*-gpu.conf");
    }

    @Test
    void thereIsACpuFileAndAGpuFileForEachClusterKind() {
        assertThat(propertiesFiles()).extracting(p -> p.getFileName().toString()).contains("spark-defaults.conf",
                "spark-defaults-standalone-gpu.conf", "spark-defaults-yarn-gpu.conf", "spark-defaults-k8s-gpu.conf");
    }

    @ParameterizedTest
    @MethodSource("propertiesFiles")
    void energyKeysAreRegisteredAndTheirValuesValid(Path file) {
        Map<String, String> conf = asMap(ProjectFiles.sparkProperties(file));
        assertThat(EnergyConf.unknownKeys(conf)).as("unknown energy keys in %s", file).isEmpty();
        assertThat(conf.keySet()).as("energy keys in %s", file).anyMatch(k -> k.startsWith("spark.greentrain.energy."));
        EnergyConf.all().forEach(entry -> assertThatCode(() -> entry.get(conf)).as("%s in %s", entry.key(), file)
                .doesNotThrowAnyException());
        assertThatCode(() -> EnergySettings.from(conf)).as("keys that must fit together in %s", file)
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("propertiesFiles")
    void classesItNamesExistOnTheApplicationClassPath(Path file) {
        Properties conf = ProjectFiles.sparkProperties(file);
        List<String> plugins = commaSeparated(conf.getProperty("spark.plugins", ""));
        assertThat(plugins).as("spark.plugins in %s", file).contains(EnergyPlugin.class.getName());
        Stream.of(plugins, commaSeparated(conf.getProperty("spark.kryo.registrator", "")),
                        commaSeparated(conf.getProperty("spark.serializer", "")))
                .flatMap(List::stream)
                .forEach(name -> assertThatCode(() -> Class.forName(name, false, getClass().getClassLoader()))
                        .as("class %s named in %s", name, file).doesNotThrowAnyException());
    }

    @ParameterizedTest
    @MethodSource("propertiesFiles")
    void javaOptionsCarryTheBuildsJava17OpensAndDl4jsSystemClock(Path file) {
        Properties conf = ProjectFiles.sparkProperties(file);
        List<String> buildOpens = tokens(ProjectFiles.buildProperties().getProperty("java17.opens"));
        assertThat(buildOpens).as("java17.opens of the build").contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        for (String role : List.of("driver", "executor")) {
            List<String> options = tokens(conf.getProperty("spark." + role + ".extraJavaOptions", ""));
            List<String> opens = options.stream().filter(o -> o.startsWith("--add-opens=")).toList();
            assertThat(opens).as("%s --add-opens in %s", role, file)
                    .containsExactlyInAnyOrderElementsOf(buildOpens.stream().filter(o -> o.startsWith("--add-opens=")).toList());
            assertThat(options).as("%s options in %s", role, file).containsAll(buildOpens).contains(TIME_SOURCE);
        }
    }

    @ParameterizedTest
    @MethodSource("propertiesFiles")
    void nd4jOffHeapLimitsFitInsideTheMemorySparkAsksFor(Path file) {
        Properties conf = ProjectFiles.sparkProperties(file);
        for (String role : List.of("driver", "executor")) {
            List<String> options = tokens(conf.getProperty("spark." + role + ".extraJavaOptions", ""));
            long maxBytes = javacppBytes(options, MAX_BYTES).orElseThrow(() -> new AssertionError(role + " maxbytes in " + file));
            long maxPhysicalBytes = javacppBytes(options, MAX_PHYSICAL_BYTES)
                    .orElseThrow(() -> new AssertionError(role + " maxphysicalbytes in " + file));
            long heap = sparkBytes(conf, "spark." + role + ".memory", file);
            long overhead = sparkBytes(conf, "spark." + role + ".memoryOverhead", file);
            // ND4J's arrays live in the overhead, beside what the JVM itself needs off-heap.
            assertThat(maxBytes).as("%s maxbytes < memoryOverhead in %s", role, file).isLessThan(overhead);
            // maxphysicalbytes bounds the whole process: heap and ND4J's arrays must fit under it,
            // and it must trip before the container's limit (heap + overhead) does.
            assertThat(maxPhysicalBytes).as("%s maxphysicalbytes in %s", role, file)
                    .isGreaterThan(heap + maxBytes).isLessThan(heap + overhead);
        }
    }

    @ParameterizedTest
    @MethodSource("propertiesFiles")
    void parameterAveragingNeitherWaitsForLocalityNorLosesExecutors(Path file) {
        Properties conf = ProjectFiles.sparkProperties(file);
        assertThat(conf.getProperty("spark.locality.wait")).as("spark.locality.wait in %s", file).isEqualTo("0");
        assertThat(conf.getProperty("spark.dynamicAllocation.enabled")).as("dynamic allocation in %s", file).isEqualTo("false");
    }

    @ParameterizedTest
    @MethodSource("gpuPropertiesFiles")
    void eachGpuExecutorRunsOneTrainingTaskOnOneGpu(Path file) {
        Properties conf = ProjectFiles.sparkProperties(file);
        assertThat(conf.getProperty("spark.executor.resource.gpu.amount")).as("in %s", file).isEqualTo("1");
        assertThat(conf.getProperty("spark.task.resource.gpu.amount")).as("in %s", file).isEqualTo("1");
        assertThat(conf.getProperty("spark.task.cpus")).as("task.cpus = executor.cores in %s", file)
                .isNotNull().isEqualTo(conf.getProperty("spark.executor.cores"));
        assertThat(Path.of(conf.getProperty("spark.executor.resource.gpu.discoveryScript")).getFileName())
                .as("discovery script in %s", file).hasToString("gpu-discovery.sh");
        assertThat(conf.getProperty("spark.greentrain.energy.nvml.enabled")).as("in %s", file).isEqualTo("true");
    }

    @Test
    void yarnRequestsGpusThroughSparksMappingNotTheYarnSpecificKeyWhichSparkRejects() {
        Properties conf = ProjectFiles.sparkProperties(ProjectFiles.CLUSTER_CONF.resolve("spark-defaults-yarn-gpu.conf"));
        assertThat(conf.getProperty("spark.yarn.resourceGpuDeviceName")).isEqualTo("yarn.io/gpu");
        assertThat(conf.stringPropertyNames()).noneMatch(k -> k.startsWith("spark.yarn.executor.resource.yarn.io/gpu"));
    }

    @Test
    void kubernetesAsksNvidiasDevicePluginForOneGpuPerExecutorPod() {
        Properties conf = ProjectFiles.sparkProperties(ProjectFiles.CLUSTER_CONF.resolve("spark-defaults-k8s-gpu.conf"));
        assertThat(conf.getProperty("spark.executor.resource.gpu.vendor")).isEqualTo("nvidia.com");
        List<String> template = ProjectFiles.lines(ProjectFiles.CLUSTER_CONF.resolve("k8s-gpu-executor-pod-template.yaml"))
                .map(String::strip).toList();
        assertThat(template).contains("kind: Pod", "nvidia.com/gpu: 1", "tolerations:", "- key: nvidia.com/gpu", "nodeSelector:");
    }

    @Test
    void kryoWithNd4jsRegistratorRoundTripsAnArray() {
        Properties file = ProjectFiles.sparkProperties(ProjectFiles.CLUSTER_CONF.resolve("spark-defaults.conf"));
        SparkConf conf = new SparkConf(false)
                .set("spark.kryo.registrator", file.getProperty("spark.kryo.registrator"))
                .set("spark.kryoserializer.buffer.max", file.getProperty("spark.kryoserializer.buffer.max"));
        assertThat(file.getProperty("spark.serializer")).isEqualTo(KryoSerializer.class.getName());
        SerializerInstance kryo = new KryoSerializer(conf).newInstance();
        INDArray array = Nd4j.linspace(1, 12, 12).reshape(3, 4).muli(0.5);
        ClassTag<INDArray> tag = ClassTag$.MODULE$.apply(INDArray.class);

        ByteBuffer bytes = kryo.serialize(array, tag);
        INDArray copy = kryo.deserialize(bytes, tag);

        assertThat(copy.shape()).containsExactly(3, 4);
        assertThat(copy.ravel().toDoubleVector()).containsExactly(array.ravel().toDoubleVector());
        assertThat(copy).isEqualTo(array);
    }

    private static long sparkBytes(Properties conf, String key, Path file) {
        String value = conf.getProperty(key);
        assertThat(value).as("%s in %s", key, file).isNotNull();
        return JavaUtils.byteStringAsBytes(value);
    }

    /** A JavaCPP size option, read by JavaCPP's own parser. */
    private static Optional<Long> javacppBytes(List<String> options, String prefix) {
        return options.stream().filter(o -> o.startsWith(prefix)).findFirst()
                .map(o -> Pointer.parseBytes(o.substring(prefix.length()), -1));
    }

    private static List<String> tokens(String value) {
        return value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
    }

    private static List<String> commaSeparated(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, String> asMap(Properties properties) {
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }
}
