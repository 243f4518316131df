package io.greentrain.training.allreduce;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiConsumer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkException;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.greentrain.energy.api.Phases;
import io.greentrain.training.DistributedTrainer;
import io.greentrain.training.EpochListener;
import io.greentrain.training.EpochStats;
import io.greentrain.training.TrainerSettings;
import io.greentrain.training.gpu.DeviceBinder;
import io.greentrain.training.gpu.GpuBinding;
import io.greentrain.training.gpu.Nd4jDeviceBinder;
import io.greentrain.training.gpu.TaskDevices;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Synchronous data-parallel training on DL4J's core and Spark's barrier execution mode, with no
 * dependency on DL4J's Spark module.
 *
 * <p>Each epoch is one barrier stage with one task per worker, tagged {@code train/epoch-N} for the
 * energy plugin. The minibatch files are dealt to the workers once per run (seeded) and each worker
 * visits its own in a new seeded order every epoch. The tasks exchange their addresses once per
 * epoch through the driver's {@link AddressBook} (Spark's {@code allGather} polls once a second) and
 * then sum directly with each other over TCP
 * ({@link RingAllreduce}); the driver is never in the data path: it receives one copy of the
 * network's {@link NetworkState} per epoch, for the epoch listener and the next epoch's retry:
 * from worker 0, in its task's result when the state is small, else as raw floats over a socket to
 * the driver's {@link StateInbox} (as a large task result Spark would move it through its block
 * manager and deserialise it twice).
 *
 * <p>A replica (network and minibatches) stays in its executor between epochs when the next
 * epoch's task for that worker lands there ({@link ReplicaCache}); otherwise the task rebuilds it
 * from the network's configuration (broadcast once per run) and the state that ended the previous
 * epoch. The driver broadcasts that state only when a worker may need it: for the first epoch, for
 * a retry, and when a worker of an attempt sent no state found no replica (every worker of that
 * attempt then stops before training and the epoch runs with the state); a steady epoch sends the
 * workers no state at all. A failed task (a lost executor, a
 * silent peer) fails its barrier stage; the trainer then runs the epoch again, up to
 * {@link AllreduceSettings#epochAttempts()} times, and every task of the new attempt rebuilds from
 * the same broadcast: the epoch is redone from its start, never the run from scratch, and only the
 * successful attempt's examples are counted.
 *
 * <p>With {@link #checkpointingTo} the synchronised state that ends each epoch (network, updater
 * state, DiLoCo's outer velocity, the epoch stats so far) is written to a folder
 * ({@link EpochCheckpoints}: the raw state worker 0 sent, and the configuration, taken once per
 * run), and a run started again on it goes on after the last complete epoch:
 * the epochs before are neither trained nor reported to the listener again (it hears of them
 * through {@link EpochListener#onResume}), so their examples are never counted twice. Because the
 * files are dealt by the seed and each worker's order is seeded by epoch and rank, the resumed run
 * ends with the parameters an uninterrupted one would have.
 *
 * <p>The network is a {@code MultiLayerNetwork} ({@link #fit}) or a {@code ComputationGraph}
 * ({@link #fitGraph}).
 *
 * <p>Driver-only: not meant to be serialized.
 */
public final class AllreduceTrainer implements DistributedTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(AllreduceTrainer.class);

    private final JavaSparkContext sc;
    private final TrainerSettings settings;
    private final AllreduceSettings allreduce;
    private final long seed;
    private final DeviceBinder binder;
    private final List<EpochRun> epochRuns = new ArrayList<>();
    private int lastAttempts;
    private boolean lastStateBroadcast;
    private EpochCheckpoints checkpoints;

    /**
     * How one epoch ran: the attempts it took, how many replicas had to be rebuilt (not found in
     * their executor's cache) in the attempt that succeeded, the bytes it moved between the
     * workers (their ring) and from the workers to the driver (the network state worker 0 sends), and
     * whether the driver broadcast the epoch's starting state (the first epoch of a run, a retry,
     * or a worker that found no replica to continue; otherwise every worker continues its own),
     * and where its wall-clock time went ({@link EpochTimes}).
     */
    public record EpochRun(int epoch, int attempts, long replicasRebuilt, long betweenWorkersBytes,
                           long toDriverBytes, boolean stateBroadcast, EpochTimes times) {
    }

    /**
     * Where one epoch's wall-clock time went, from {@code System.nanoTime} differences taken on the
     * driver and in the workers' tasks (a few per epoch and two per step; nothing is synchronised
     * for them). Workers' figures are their mean unless said otherwise: the ring keeps them in step,
     * so their steps and sums add up to about the same time on every worker.
     *
     * @param epochSeconds     on the driver, from the epoch's start to its stats (as
     *                         {@link EpochStats#seconds()}: the listener and a checkpoint come after)
     * @param stageSeconds     on the driver, from the barrier stage's submission to the return of its
     *                         reports, every attempt included
     * @param taskSeconds      the slowest worker's task, from its start to its report
     * @param loadSeconds      the slowest worker's rebuild of its replica (the network, its minibatch
     *                         files, a warm-up); 0 when every replica continued from the cache
     * @param addressSeconds   opening a socket, exchanging addresses through the driver (waiting for
     *                         every task of the stage to start included) and joining the ring
     * @param computeSeconds   the steps outside the ring: the replica's own forward, backward and update
     * @param allreduceSeconds the ring's sums: exchanging, and waiting for the slower replica to
     *                         reach the same sum
     * @param resultSeconds    worker 0's copy of the state and, for a large state, its sending to the driver's
     *                         {@link StateInbox} (until the driver acknowledges it), and the replica's return to
     *                         the cache
     * @param launchSeconds    from the stage's submission to the first task's start, by the driver's and
     *                         the executors' wall clocks (exact on one host, off by their skew across
     *                         hosts; never below 0)
     * @param returnSeconds    from the last task's end to the driver holding every report, by the same clocks
     */
    public record EpochTimes(double epochSeconds, double stageSeconds, double taskSeconds, double loadSeconds,
                             double addressSeconds, double computeSeconds, double allreduceSeconds,
                             double resultSeconds, double launchSeconds, double returnSeconds) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** What the epoch cost beyond its steps and their sums: the per-epoch fixed cost. */
        public double fixedSeconds() {
            return epochSeconds - computeSeconds - allreduceSeconds;
        }

        /** The part of the stage spent outside the slowest task: scheduling it and returning its reports. */
        public double schedulingSeconds() {
            return Math.max(0, stageSeconds - taskSeconds);
        }

        /** The part of the epoch the driver spent outside the stage (listing files, applying the state). */
        public double driverSeconds() {
            return Math.max(0, epochSeconds - stageSeconds);
        }

        /** One line for the log: the epoch's time and its parts, in milliseconds. */
        String describe() {
            return String.format(Locale.ROOT, "%.0f ms: steps %.0f, allreduce %.0f, per-epoch %.0f (driver %.0f, "
                    + "stage scheduling and return %.0f of which launch %.0f and return %.0f, addresses %.0f, loading "
                    + "%.0f, state %.0f)", epochSeconds * 1e3, computeSeconds * 1e3, allreduceSeconds * 1e3,
                    fixedSeconds() * 1e3, driverSeconds() * 1e3, schedulingSeconds() * 1e3, launchSeconds * 1e3,
                    returnSeconds * 1e3, addressSeconds * 1e3, loadSeconds * 1e3, resultSeconds * 1e3);
        }
    }

    /** A trainer whose workers bind their task's GPU with {@link Nd4jDeviceBinder}. */
    public AllreduceTrainer(JavaSparkContext sc, TrainerSettings settings, AllreduceSettings allreduce, long seed) {
        this(sc, settings, allreduce, seed, new Nd4jDeviceBinder());
    }

    public AllreduceTrainer(JavaSparkContext sc, TrainerSettings settings, AllreduceSettings allreduce, long seed,
                            DeviceBinder binder) {
        this.sc = sc;
        this.settings = settings;
        this.allreduce = allreduce;
        this.seed = seed;
        this.binder = binder;
    }

    /**
     * Writes a checkpoint after every epoch to {@code checkpoints} and resumes from its latest one:
     * a run started again on the same folder and run key goes on after the last complete epoch.
     */
    public AllreduceTrainer checkpointingTo(EpochCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
        return this;
    }

    /**
     * The state every replica shares at an epoch boundary: the network's {@link NetworkState}
     * (parameters, updater state, iteration and epoch counts) and DiLoCo's outer velocity (null
     * without an outer step, or before its first round). With the configuration broadcast once per
     * run, this is everything a worker needs to rebuild its replica.
     */
    record SharedState(NetworkState network, float[] outerVelocity) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The bytes this state takes on the wire. */
        long bytes() {
            return network.bytes() + (outerVelocity == null ? 0 : (long) Float.BYTES * outerVelocity.length);
        }
    }

    /**
     * What one worker's task reports to the driver at the end of an epoch: worker 0's carries the
     * epoch's synchronised state when it is small enough for Spark to return directly (see
     * {@link EpochTask#sendsStateApart}), else worker 0 has sent it to the driver's
     * {@link StateInbox} and {@code state} is null, as in the other workers' reports; with {@code stateNeeded}
     * it trained nothing: a worker of this attempt found no replica to continue and the driver had
     * sent no state to rebuild one from.
     */
    record WorkerReport(int rank, String executorId, String host, long examples, long steps, double lossSum, long bytesSent,
                        boolean rebuilt, double rebuildSeconds, GpuBinding binding, SharedState state,
                        boolean stateNeeded, WorkerTimes times) implements Serializable {
        private static final long serialVersionUID = 4L;

        /** The report of a worker that trained nothing because a replica was missing. */
        static WorkerReport stateNeeded(int rank, String host, GpuBinding binding) {
            return new WorkerReport(rank, currentExecutorId(), host, 0, 0, 0, 0, false, 0, binding, null, true,
                    new WorkerTimes(0, 0, 0, 0, 0, 0, 0));
        }
    }

    /**
     * One worker's share of {@link EpochTimes}, in seconds (its rebuild is the report's {@code
     * rebuildSeconds}), and its task's start and end by the executor's wall clock, in microseconds.
     */
    record WorkerTimes(double task, double address, double compute, double allreduce, double result,
                       long startMicros, long endMicros)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private static String currentExecutorId() {
        return SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId();
    }

    /** What {@link #fitGraph} returns: the trained graph and one {@link EpochStats} per epoch. */
    public record GraphResult(ComputationGraph network, List<EpochStats> epochs, int resumedFromEpoch) {
    }

    /** What the epoch loop tells its caller, for either kind of network. */
    private interface EpochCallbacks<N> {
        void onResume(List<EpochStats> completed);

        void onEpochEnd(EpochStats stats, N network);

        boolean stopRequested();
    }

    /** The epoch loop's outcome, for either kind of network. */
    private record Trained<N>(N network, List<EpochStats> epochs, List<GpuBinding> bindings, int resumedFromEpoch) {
    }

    @Override
    public Result fit(MultiLayerNetwork network, JavaRDD<String> minibatchPaths, long examplesPerEpoch,
                      EpochListener listener) {
        Trained<MultiLayerNetwork> trained = train(network, minibatchPaths, examplesPerEpoch,
                new EpochCallbacks<>() {
                    @Override
                    public void onResume(List<EpochStats> completed) {
                        listener.onResume(completed);
                    }

                    @Override
                    public void onEpochEnd(EpochStats stats, MultiLayerNetwork current) {
                        listener.onEpochEnd(stats, current);
                    }

                    @Override
                    public boolean stopRequested() {
                        return listener.stopRequested();
                    }
                });
        return new Result(trained.network(), trained.epochs(), trained.bindings(), trained.resumedFromEpoch());
    }

    /**
     * Trains a {@link ComputationGraph} as {@link #fit} trains a {@code MultiLayerNetwork}: same
     * epochs, sync modes, retries and checkpoints; {@code onEpochEnd} gets each epoch's graph.
     */
    public GraphResult fitGraph(ComputationGraph network, JavaRDD<String> minibatchPaths, long examplesPerEpoch,
                                BiConsumer<EpochStats, ComputationGraph> onEpochEnd) {
        Trained<ComputationGraph> trained = train(network, minibatchPaths, examplesPerEpoch, new EpochCallbacks<>() {
            @Override
            public void onResume(List<EpochStats> completed) {
            }

            @Override
            public void onEpochEnd(EpochStats stats, ComputationGraph current) {
                onEpochEnd.accept(stats, current);
            }

            @Override
            public boolean stopRequested() {
                return false;
            }
        });
        return new GraphResult(trained.network(), trained.epochs(), trained.resumedFromEpoch());
    }

    @SuppressWarnings("unchecked")
    private <N extends Model & NeuralNetwork> Trained<N> train(N network, JavaRDD<String> minibatchPaths,
                                                               long examplesPerEpoch, EpochCallbacks<N> listener) {
        epochRuns.clear();
        long runId = new Random().nextLong();
        HashMap<String, String> hadoopSettings = new HashMap<>();
        sc.hadoopConfiguration().forEach(entry -> hadoopSettings.put(entry.getKey(), entry.getValue()));
        // Once per run, like the configuration: in the tasks' closure its 57 kB travelled every epoch,
        // though only a task that rebuilds its replica (loading its minibatch files) reads it.
        Broadcast<HashMap<String, String>> hadoopConf = sc.broadcast(hadoopSettings);
        List<EpochStats> epochs = new ArrayList<>();
        List<GpuBinding> bindings = new ArrayList<>();
        N current = network;
        boolean graph = Networks.isGraph(network);
        SharedState synchronised = new SharedState(NetworkState.of(network), null);
        int firstEpoch = 1;
        Optional<EpochCheckpoints.Checkpoint> resumed = checkpoints == null ? Optional.empty() : checkpoints.latest();
        if (resumed.isPresent() && resumed.get().epoch() > settings.epochs()) {
            LOG.info("allreduce engine: the checkpoint in {} ended epoch {}, beyond this run's {} epochs: training "
                    + "starts from scratch", checkpoints.folder(), resumed.get().epoch(), settings.epochs());
            resumed = Optional.empty();
        }
        if (resumed.isPresent()) {
            EpochCheckpoints.Checkpoint checkpoint = resumed.get();
            if (checkpoint.graph() != graph) {
                throw new IllegalStateException("the checkpoint in " + checkpoints.folder() + " holds a "
                        + (checkpoint.graph() ? "ComputationGraph" : "MultiLayerNetwork") + ", not this run's network");
            }
            current = (N) checkpoint.state().applyTo(Networks.fromConfiguration(checkpoint.configuration(), graph));
            synchronised = new SharedState(checkpoint.state(), checkpoint.outerVelocity());
            firstEpoch = checkpoint.epoch() + 1;
            epochs.addAll(checkpoint.epochs());
            LOG.info("allreduce engine: resuming from the checkpoint of epoch {} in {}: training goes on at epoch {} "
                    + "of {}", checkpoint.epoch(), checkpoints.folder(), firstEpoch, settings.epochs());
            listener.onResume(List.copyOf(checkpoint.epochs()));
        }
        // The configuration travels once per run; every epoch only the state that training changes.
        Broadcast<byte[]> blueprint = sc.broadcast(Networks.serialize(current));
        String configuration = checkpoints == null ? null : Networks.configurationJson(current);
        List<List<String>> assignment = null;
        List<String> locations = null;
        int steps = 0;
        String driverHost = sc.getConf().get("spark.driver.host", "127.0.0.1");
        try (AddressBook book = AddressBook.open(driverHost);
             StateInbox inbox = StateInbox.open(driverHost, allreduce.timeout())) {
        for (int epoch = firstEpoch; epoch <= settings.epochs(); epoch++) {
            try (Phases.Scope epochPhase = Phases.scope(sc.sc(), "train/epoch-" + epoch)) {
                long start = System.nanoTime();
                double startup = 0;
                if (assignment == null) {
                    // Listing the files is a Spark job: inside the first epoch's phase, its energy counts as training.
                    assignment = deal(minibatchPaths.collect(), settings.workers(), seed);
                    steps = assignment.stream().mapToInt(List::size).max().orElseThrow();
                    LOG.info("allreduce engine: {} workers, {} steps per epoch, {} sync{}, network of {} parameters",
                            assignment.size(), steps, allreduce.mode().name().toLowerCase(),
                            allreduce.hasOuterStep() ? String.format(" with an outer Nesterov step (learning rate %s, "
                                    + "momentum %s)", allreduce.outerLearningRate(), allreduce.outerMomentum()) : "",
                            network.numParams());
                    startup += (System.nanoTime() - start) / 1e9;
                }
                // After an epoch of this run every replica is normally cached where its next task runs.
                boolean replicasCached = epoch > firstEpoch;
                long stageStart = System.nanoTime();
                long submittedMicros = wallMicros();
                EpochOutcome outcome = runEpoch(epoch, runId, steps, assignment, locations, graph, blueprint,
                        synchronised, replicasCached, hadoopConf, book, inbox);
                List<WorkerReport> reports = outcome.reports();
                double stageSeconds = (System.nanoTime() - stageStart) / 1e9;
                long returnedMicros = wallMicros();
                locations = new ArrayList<>(Collections.nCopies(assignment.size(), (String) null));
                for (WorkerReport report : reports) {
                    locations.set(report.rank(), "executor_" + report.host() + "_" + report.executorId());
                }
                synchronised = outcome.state();
                current = synchronised.network().applyTo(Networks.copy(current));
                long examples = reports.stream().mapToLong(WorkerReport::examples).sum();
                long fitted = reports.stream().mapToLong(WorkerReport::steps).sum();
                double loss = reports.stream().mapToDouble(WorkerReport::lossSum).sum() / Math.max(1, fitted);
                if (examples != examplesPerEpoch) {
                    LOG.warn("epoch {} fitted {} examples, {} expected", epoch, examples, examplesPerEpoch);
                }
                long rebuilt = reports.stream().filter(WorkerReport::rebuilt).count();
                // The workers rebuild in parallel and the barrier waits for the slowest of them.
                startup += reports.stream().mapToDouble(WorkerReport::rebuildSeconds).max().orElse(0);
                if (bindings.isEmpty()) {
                    reports.forEach(report -> bindings.add(report.binding()));
                }
                double epochSeconds = (System.nanoTime() - start) / 1e9;
                EpochTimes times = times(reports, epochSeconds, stageSeconds, submittedMicros, returnedMicros);
                epochRuns.add(new EpochRun(epoch, lastAttempts, rebuilt,
                        reports.stream().mapToLong(WorkerReport::bytesSent).sum(), synchronised.bytes(),
                        lastStateBroadcast, times));
                LOG.info("allreduce epoch {}: {} examples in {} steps, {} MB exchanged between workers, {} of {} "
                                + "replicas rebuilt; {}", epoch, examples, fitted,
                        String.format("%.1f", reports.stream().mapToLong(WorkerReport::bytesSent).sum() / 1e6),
                        rebuilt, reports.size(), times.describe());
                EpochStats stats = new EpochStats(epoch, loss, epochSeconds, examples, fitted, startup);
                epochs.add(stats);
                if (checkpoints != null) {
                    checkpoints.write(new EpochCheckpoints.Checkpoint(epoch, configuration, synchronised.network(),
                            graph, synchronised.outerVelocity(), List.copyOf(epochs)));
                }
                listener.onEpochEnd(stats, current);
            }
            if (listener.stopRequested()) {
                ReplicaCache.dropRun(runId);
                break;
            }
        }
        }
        blueprint.destroy();
        hadoopConf.destroy();
        return new Trained<>(current, List.copyOf(epochs), List.copyOf(bindings),
                resumed.map(checkpoint -> checkpoint.epoch() + 1).orElse(0));
    }

    /** The epoch's {@link EpochTimes} from the driver's two clocks and the workers' reports of its last attempt. */
    private static EpochTimes times(List<WorkerReport> reports, double epochSeconds, double stageSeconds,
                                    long submittedMicros, long returnedMicros) {
        double workers = reports.size();
        double result = reports.stream().filter(r -> r.rank() == 0).mapToDouble(r -> r.times().result()).sum();
        return new EpochTimes(epochSeconds, stageSeconds,
                reports.stream().mapToDouble(r -> r.times().task()).max().orElse(0),
                reports.stream().mapToDouble(WorkerReport::rebuildSeconds).max().orElse(0),
                reports.stream().mapToDouble(r -> r.times().address()).sum() / workers,
                reports.stream().mapToDouble(r -> r.times().compute()).sum() / workers,
                reports.stream().mapToDouble(r -> r.times().allreduce()).sum() / workers, result,
                Math.max(0, reports.stream().mapToLong(r -> r.times().startMicros()).min().orElse(submittedMicros)
                        - submittedMicros) / 1e6,
                Math.max(0, returnedMicros - reports.stream().mapToLong(r -> r.times().endMicros()).max()
                        .orElse(returnedMicros)) / 1e6);
    }

    /** The wall clock in microseconds: comparable between the driver and executors on one host. */
    static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * Runs one epoch's barrier stage, again from the same starting point when it fails (Spark does
     * not retry a failed barrier result stage itself), up to the configured attempts.
     *
     * <p>When {@code replicasCached}, the first attempt sends no state: every worker continues the
     * replica its executor kept. If one finds none (its executor was lost, or its task landed on
     * another one), every worker of the attempt stops before training and the epoch runs again with
     * {@code startingState} broadcast, which does not count as a failed attempt. A failed attempt
     * leaves no replica to continue, so the attempts after it always get the state.
     */
    private EpochOutcome runEpoch(int epoch, long runId, int steps, List<List<String>> assignment,
                                  List<String> locations, boolean graph, Broadcast<byte[]> blueprint,
                                  SharedState startingState, boolean replicasCached,
                                  Broadcast<HashMap<String, String>> hadoopConf, AddressBook book, StateInbox inbox) {
        Broadcast<SharedState> startingPoint = replicasCached ? null : sc.broadcast(startingState);
        try {
            int attempt = 1;
            for (int launch = 1; ; launch++) {
                long round = runId * 1_000_003L + epoch * 1_009L + launch * 31L;
                EpochTask task = new EpochTask(runId, epoch, attempt, epoch == settings.epochs(), steps, seed, allreduce,
                        graph, blueprint, startingPoint, hadoopConf, binder, book.address(), inbox.address(), round);
                RDD<List<String>> slices = slices(assignment, locations);
                ClassTag<WorkerReport> tag = ClassTag$.MODULE$.apply(WorkerReport.class);
                try {
                    lastAttempts = attempt;
                    lastStateBroadcast = startingPoint != null;
                    inbox.expect(round);
                    List<WorkerReport> reports =
                            JavaRDD.fromRDD(slices.barrier().mapPartitions(task, false, tag), tag).collect();
                    if (reports.stream().noneMatch(WorkerReport::stateNeeded)) {
                        SharedState returned = reports.stream().filter(r -> r.rank() == 0).findFirst().orElseThrow()
                                .state();
                        if (returned != null) {
                            inbox.forget(round);
                            return new EpochOutcome(reports, returned);
                        }
                        return new EpochOutcome(reports, inbox.take(round));
                    }
                    inbox.forget(round);
                    LOG.info("allreduce epoch {}: a worker found no replica in its executor; running the epoch with "
                            + "the synchronised state", epoch);
                } catch (Exception e) {
                    book.forget(round);
                    inbox.forget(round);
                    if (!(e instanceof SparkException) || attempt >= allreduce.epochAttempts()) {
                        throw e;
                    }
                    LOG.warn("allreduce epoch {} failed on attempt {} of {} ({}); running it again from its starting "
                            + "parameters", epoch, attempt, allreduce.epochAttempts(), firstLine(e.getMessage()));
                    attempt++;
                }
                if (startingPoint == null) {
                    startingPoint = sc.broadcast(startingState);
                }
            }
        } finally {
            if (startingPoint != null) {
                startingPoint.destroy();
            }
        }
    }

    /** What an epoch's successful attempt returned: every worker's report and the state worker 0 sent. */
    private record EpochOutcome(List<WorkerReport> reports, SharedState state) {
    }

    /**
     * One partition per worker, worker {@code i}'s files in partition {@code i}; after the first
     * epoch each preferring the executor that ran that worker last, where its replica is cached.
     */
    private RDD<List<String>> slices(List<List<String>> assignment, List<String> locations) {
        if (locations == null) {
            return sc.parallelize(assignment, assignment.size()).rdd();
        }
        List<Tuple2<List<String>, Seq<String>>> items = new ArrayList<>();
        for (int rank = 0; rank < assignment.size(); rank++) {
            List<String> preferred = locations.get(rank) == null ? List.of() : List.of(locations.get(rank));
            items.add(new Tuple2<>(assignment.get(rank), JavaConverters.asScalaBuffer(preferred).toSeq()));
        }
        @SuppressWarnings("unchecked")
        ClassTag<List<String>> tag = (ClassTag<List<String>>) (ClassTag<?>) ClassTag$.MODULE$.apply(List.class);
        return sc.sc().makeRDD(JavaConverters.asScalaBuffer(items).toSeq(), tag);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }

    /** How each epoch of the last {@link #fit} ran, in order. */
    public List<EpochRun> epochRuns() {
        return List.copyOf(epochRuns);
    }

    /**
     * The files dealt to {@code workers} workers (fewer when there are fewer files), shuffled once
     * by {@code seed}: slices whose sizes differ by at most one.
     */
    static List<List<String>> deal(List<String> files, int workers, long seed) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no minibatch files to train on");
        }
        List<String> shuffled = new ArrayList<>(files);
        Collections.shuffle(shuffled, new Random(seed));
        int count = Math.min(workers, shuffled.size());
        List<List<String>> slices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = (int) ((long) i * shuffled.size() / count);
            int to = (int) ((long) (i + 1) * shuffled.size() / count);
            // ArrayList: Spark's serializer rebuilds a collection by calling add.
            slices.add(new ArrayList<>(shuffled.subList(from, to)));
        }
        return slices;
    }

    /** One worker's epoch, run as a barrier task on an executor. */
    static final class EpochTask extends AbstractFunction1<scala.collection.Iterator<List<String>>,
            scala.collection.Iterator<WorkerReport>> implements Serializable {

        private static final long serialVersionUID = 1L;
        /** The address a worker without a replica (and no state to rebuild it from) registers. */
        private static final String NO_REPLICA = "";

        private final long runId;
        private final int epoch;
        private final int attempt;
        private final boolean lastEpoch;
        private final int steps;
        private final long seed;
        private final AllreduceSettings allreduce;
        private final boolean graph;
        private final Broadcast<byte[]> blueprint;
        /** Null when every worker is expected to continue its cached replica. */
        private final Broadcast<SharedState> startingPoint;
        private final Broadcast<HashMap<String, String>> hadoopConf;
        private final DeviceBinder binder;
        private final String addressBook;
        private final String stateInbox;
        private final long tag;

        EpochTask(long runId, int epoch, int attempt, boolean lastEpoch, int steps, long seed, AllreduceSettings allreduce,
                  boolean graph, Broadcast<byte[]> blueprint, Broadcast<SharedState> startingPoint,
                  Broadcast<HashMap<String, String>> hadoopConf, DeviceBinder binder, String addressBook,
                  String stateInbox, long tag) {
            this.runId = runId;
            this.epoch = epoch;
            this.attempt = attempt;
            this.lastEpoch = lastEpoch;
            this.steps = steps;
            this.seed = seed;
            this.allreduce = allreduce;
            this.graph = graph;
            this.blueprint = blueprint;
            this.startingPoint = startingPoint;
            this.hadoopConf = hadoopConf;
            this.binder = binder;
            this.addressBook = addressBook;
            this.stateInbox = stateInbox;
            this.tag = tag;
        }

        @Override
        public scala.collection.Iterator<WorkerReport> apply(scala.collection.Iterator<List<String>> partition) {
            long taskStart = System.nanoTime();
            long startMicros = wallMicros();
            BarrierTaskContext context = BarrierTaskContext.get();
            int rank = context.partitionId();
            List<String> files = new ArrayList<>();
            JavaConverters.asJavaIteratorConverter(partition).asJava().forEachRemaining(files::addAll);
            GpuBinding binding = TaskDevices.bindCurrentTask(binder);
            NativeThreads.Share share = NativeThreads.share(coresPerTask(context));
            WorkerReport report;
            try {
                long rebuildStart = System.nanoTime();
                ReplicaCache.Entry cached = ReplicaCache.takeFor(runId, rank, epoch);
                if (cached == null && startingPoint == null) {
                    // Tell the others, waiting for this worker's address, to stop too.
                    AddressBook.exchange(addressBook, tag, rank, context.getTaskInfos().length, NO_REPLICA,
                            allreduce.timeout());
                    return single(WorkerReport.stateNeeded(rank, host(context, rank), binding));
                }
                SharedState start = cached != null ? null : startingPoint.value();
                Model network = cached != null ? cached.network()
                        : start.network().applyTo(Networks.restore(blueprint.value(), graph));
                List<DataSet> minibatches = cached != null ? cached.minibatches() : load(files);
                OuterNesterov outer = !allreduce.hasOuterStep() ? null : cached != null ? cached.outer()
                        : new OuterNesterov(allreduce.outerLearningRate(), allreduce.outerMomentum(), start.outerVelocity());
                if (cached == null && allreduce.warmUp().enabled()) {
                    // Part of building the replica: its time counts in the epoch's start-up, not its steady cost.
                    ReplicaWarmUp.Outcome warmUp = allreduce.warmUp().run(network, minibatches);
                    LOG.info("allreduce epoch {} worker {}: JIT warm-up of the new replica, {} steps in {} s{}", epoch,
                            rank, warmUp.steps(), String.format("%.2f", warmUp.seconds()),
                            warmUp.settled() ? " (step time settled)" : "");
                }
                double rebuildSeconds = cached != null ? 0 : (System.nanoTime() - rebuildStart) / 1e9;

                long addressStart = System.nanoTime();
                String host = host(context, rank);
                ServerSocket listening;
                try {
                    listening = RingAllreduce.listen(InetAddress.getByName(host));
                } catch (IOException e) {
                    throw new AllreduceException("worker " + rank + ": cannot listen on " + host + ": " + e.getMessage(), e);
                }
                List<String> addresses = AddressBook.exchange(addressBook, tag, rank, context.getTaskInfos().length,
                        host + ":" + listening.getLocalPort(), allreduce.timeout());
                if (addresses.contains(NO_REPLICA)) {
                    closeQuietly(listening);
                    // Untouched: still the state that ended the previous epoch, for the run with the state.
                    ReplicaCache.put(runId, rank, cached);
                    return single(WorkerReport.stateNeeded(rank, host, binding));
                }
                List<DataSet> order = new ArrayList<>(minibatches);
                Collections.shuffle(order, new Random(seed * 1_000_003L + epoch * 7_919L + rank));
                Replica.EpochOutcome outcome;
                double addressSeconds;
                try (RingAllreduce ring = RingAllreduce.join(rank, addresses, listening, tag, allreduce.timeout())) {
                    addressSeconds = (System.nanoTime() - addressStart) / 1e9;
                    outcome = fitEpoch(network, order, ring, outer);
                }
                long resultStart = System.nanoTime();
                if (lastEpoch) {
                    ReplicaCache.dropRun(runId);
                } else {
                    ReplicaCache.put(runId, rank, new ReplicaCache.Entry(runId, epoch, network, minibatches, outer));
                }
                SharedState state = rank == 0
                        ? new SharedState(NetworkState.of(network), outer == null ? null : outer.velocity()) : null;
                if (state != null && sendsStateApart(state)) {
                    StateInbox.send(stateInbox, tag, state, allreduce.timeout());
                    state = null;
                }
                long end = System.nanoTime();
                report = new WorkerReport(rank, currentExecutorId(), host, outcome.examples(), outcome.steps(),
                        outcome.lossSum(), outcome.bytesSent(), cached == null, rebuildSeconds, binding, state, false,
                        new WorkerTimes((end - taskStart) / 1e9, addressSeconds, outcome.computeSeconds(),
                                outcome.allreduceSeconds(), (end - resultStart) / 1e9, startMicros, wallMicros()));
            } finally {
                share.close();
            }
            return single(report);
        }

        /**
         * Whether worker 0 sends {@code state} to the driver's {@link StateInbox} rather than in its
         * report: when it takes more than half of {@code spark.task.maxDirectResultSize} (default
         * 1 MiB; the other half leaves room for the rest of the report). A larger task result goes
         * through the executor's block manager, which the driver then fetches and deserialises: for
         * the 17 MB state of the Dense 1024-1024 network about 0.1-0.4 s an epoch on 2 cores. A small
         * state rides in the report, which Spark returns with the task's status: no connection and
         * no acknowledgement, which under load cost more than the state's bytes.
         */
        static boolean sendsStateApart(SharedState state) {
            long directLimit = SparkEnv.get() == null ? 1L << 20
                    : SparkEnv.get().conf().getSizeAsBytes("spark.task.maxDirectResultSize", "1m");
            return state.bytes() > directLimit / 2;
        }

        private static scala.collection.Iterator<WorkerReport> single(WorkerReport report) {
            return JavaConverters.asScalaIteratorConverter(List.of(report).iterator()).asScala();
        }

        /** The host of {@code rank}'s task, as the other tasks reach it. */
        private static String host(BarrierTaskContext context, int rank) {
            String address = context.getTaskInfos()[rank].address();
            return address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
        }

        private static void closeQuietly(ServerSocket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // Never used: nothing to report.
            }
        }

        @SuppressWarnings({"rawtypes", "unchecked"})
        private Replica.EpochOutcome fitEpoch(Model network, List<DataSet> order, RingAllreduce ring,
                                              OuterNesterov outer) {
            // Raw: the network is a MultiLayerNetwork or a ComputationGraph, both Model and NeuralNetwork.
            return new Replica((Model & NeuralNetwork) network).fitEpoch(order, steps, ring, allreduce.mode(),
                    allreduce.localSteps(), outer);
        }

        /**
         * How many native threads each of this stage's tasks on the executor gets for ND4J: an
         * equal share of the executor's cores. The replicas wait for each other at every step, so
         * two tasks that each use all of the executor's cores (ND4J's default) slow both down.
         */
        private static int coresPerTask(BarrierTaskContext context) {
            String mine = context.getTaskInfos()[context.partitionId()].address();
            long here = Arrays.stream(context.getTaskInfos()).filter(info -> info.address().equals(mine)).count();
            int cores = SparkEnv.get() == null ? Runtime.getRuntime().availableProcessors()
                    : SparkEnv.get().conf().getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
            return (int) Math.max(1, cores / Math.max(1, here));
        }

        private List<DataSet> load(List<String> files) {
            Configuration conf = new Configuration(false);
            hadoopConf.value().forEach(conf::set);
            List<DataSet> minibatches = new ArrayList<>(files.size());
            for (String file : files) {
                Path path = new Path(file);
                try (InputStream in = path.getFileSystem(conf).open(path)) {
                    DataSet minibatch = new DataSet();
                    minibatch.load(in);
                    minibatches.add(minibatch);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read minibatch file " + file, e);
                }
            }
            return minibatches;
        }
    }
}
