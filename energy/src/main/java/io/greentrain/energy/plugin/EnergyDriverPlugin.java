package io.greentrain.energy.plugin;

import com.codahale.metrics.Gauge;
import io.greentrain.energy.EnergyConf;
import io.greentrain.energy.EnergySettings;
import io.greentrain.energy.api.EnergyUnits;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The driver half of the energy plugin: receives executors' samples, keeps the task timeline,
 * measures the driver's own process (outside local mode, where the driver is the executor), and
 * publishes totals as Spark metrics.
 *
 * <p>{@link #receive} runs on Spark's shared RPC threads, so it only queues the message; one
 * daemon thread files samples into the {@link EnergyAccounting}.
 */
public final class EnergyDriverPlugin implements DriverPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(EnergyDriverPlugin.class);
    private static final Object STOP = new Object();

    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private volatile EnergyAccounting accounting;
    private Thread filer;
    private ExecutorSampler driverSampler;
    private String applicationId;
    private EnergySettings settings;
    private boolean measureDriver;
    private org.apache.hadoop.conf.Configuration hadoopConf;
    private TaskTimeline timeline;
    private LedgerRecorder recorder;
    private java.util.concurrent.ScheduledExecutorService recorderThread;

    @Override
    public Map<String, String> init(SparkContext sc, PluginContext pluginContext) {
        Map<String, String> conf = confMap(sc);
        if (!EnergyConf.ENABLED.get(conf)) {
            LOG.info("energy measurement is off ({}=false)", EnergyConf.ENABLED.key());
            return Collections.emptyMap();
        }
        this.settings = EnergySettings.from(conf);
        this.measureDriver = !sc.isLocal();
        this.hadoopConf = sc.hadoopConfiguration();
        timeline = new TaskTimeline();
        sc.addSparkListener(timeline);
        accounting = new EnergyAccounting(timeline);
        filer = new Thread(this::fileSamples, "greentrain-energy-driver");
        filer.setDaemon(true);
        filer.start();
        return Map.of();
    }

    /**
     * Called once the application has its id (after {@link #init}): publishes the accounting under
     * that id, starts measuring the driver's own process (outside local mode) and registers metrics.
     */
    @Override
    public void registerMetrics(String appId, PluginContext pluginContext) {
        if (accounting == null) {
            return;
        }
        applicationId = appId;
        recorder = new LedgerRecorder(accounting, timeline, settings, appId, hadoopConf);
        accounting.attachRecorder(recorder);
        long lagMillis = 3 * settings.sampling().interval().toMillis();
        recorderThread = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "greentrain-energy-ledger");
            thread.setDaemon(true);
            return thread;
        });
        recorderThread.scheduleWithFixedDelay(() -> {
            try {
                recorder.recordUpTo(System.currentTimeMillis() - lagMillis);
                recorder.flushIfDue();
            } catch (RuntimeException | Error e) {
                // An exception escaping here would cancel every later run of this task without a word.
                LOG.error("carbon ledger update failed (retried in a second): {}", e.toString(), e);
            }
        }, 1, 1, TimeUnit.SECONDS);
        EnergyAccounting.register(appId, accounting);
        if (measureDriver) {
            driverSampler = ExecutorSampler.start("driver", EnergyExecutorPlugin.hostOf(pluginContext), appId, settings,
                    Map.of(), claim -> accounting.hostReaders().claim(claim.executorId(), claim.identity()),
                    this::accept);
        }
        LOG.info("energy measurement on for {}: samples every {}", appId, settings.sampling().interval());
        var registry = pluginContext.metricRegistry();
        registry.register("energy.joules", (Gauge<Double>) () -> accounting.totalJoules());
        registry.register("energy.kwh", (Gauge<Double>) () -> EnergyUnits.kwh(accounting.totalJoules()));
        registry.register("energy.samples", (Gauge<Long>) () -> accounting.sampleCount());
        registry.register("energy.sequenceGaps", (Gauge<Long>) () -> accounting.sequenceGaps());
        registry.register("power.watts", (Gauge<Double>) new RecentPower(accounting::totalJoules)::watts);
        for (String family : EnergyAccounting.DOMAIN_FAMILIES) {
            registry.register("energy." + family + ".joules", (Gauge<Double>) () -> accounting.totalJoules(family));
            registry.register("power." + family + ".watts",
                    (Gauge<Double>) new RecentPower(() -> accounting.totalJoules(family))::watts);
        }
    }

    /**
     * Files an executor's {@link EnergySample} (queued, returns null), or answers its {@link HostReaderClaim} with
     * the driver's decision (a map lookup). Runs on Spark's RPC threads.
     */
    @Override
    public Object receive(Object message) {
        if (message instanceof HostReaderClaim claim) {
            EnergyAccounting current = accounting;
            if (current == null) {
                throw new IllegalStateException("greentrain energy plugin: host reader claim before init");
            }
            return current.hostReaders().claim(claim.executorId(), claim.identity());
        }
        if (!(message instanceof EnergySample)) {
            throw new IllegalArgumentException("greentrain energy plugin got an unexpected message: "
                    + (message == null ? "null" : message.getClass().getName()));
        }
        accept((EnergySample) message);
        return null;
    }

    private void accept(EnergySample sample) {
        inbox.offer(sample);
    }

    private void fileSamples() {
        try {
            while (true) {
                Object next = inbox.take();
                if (next == STOP) {
                    return;
                }
                accounting.add((EnergySample) next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void shutdown() {
        if (accounting == null) {
            return;
        }
        if (driverSampler != null) {
            driverSampler.close();
        }
        inbox.offer(STOP);
        try {
            filer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (recorderThread != null) {
            recorderThread.shutdown();
        }
        CarbonTotals carbon = null;
        String sealLine = null;
        if (recorder != null) {
            String reason = sealReason();
            recorder.close(reason);
            carbon = recorder.totals();
            if (carbon.ledgerPath() != null) {
                sealLine = recorder.sealedHead().map(head -> "  ledger head: " + head + " (sealed, " + reason + ")")
                        .orElse("  ledger head: not sealed, the last flush failed (see the log)");
            }
        }
        EnergyReport report = accounting.report();
        System.out.print(ApplicationSummary.table(applicationId, report, carbon));
        if (sealLine != null) {
            System.out.println(sealLine);
        }
        System.out.flush();
        String summaryPath = settings.summaryPath();
        if (!summaryPath.isEmpty()) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(summaryPath);
            try (var out = path.getFileSystem(hadoopConf).create(path, true)) {
                out.write(ApplicationSummary.json(applicationId, report, carbon).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                LOG.warn("cannot write the energy summary to {}: {}",
                        io.greentrain.energy.config.UriRedaction.redact(summaryPath),
                        io.greentrain.energy.config.UriRedaction.redact(e.toString()));
            }
        }
        LOG.info("energy of {}: {} J ({} kWh), {}% measured by counters, {} samples from {}, {} missing",
                applicationId, String.format("%.1f", report.joules()), String.format("%.6f", report.kwh()),
                String.format("%.1f", 100 * report.measuredShare()), report.samples(), report.executors(),
                report.sequenceGaps());
        if (applicationId != null) {
            EnergyAccounting.unregister(applicationId);
        }
    }

    /**
     * Why the application ends, for its ledger seal: {@code failed} when it said so
     * ({@link EnergyAccounting#markFailed()}), {@code killed} when the JVM is already shutting down (Spark stops
     * itself from a shutdown hook on SIGTERM, or on an exit that did not stop Spark first), otherwise
     * {@code completed}.
     */
    private String sealReason() {
        if (accounting.failed()) {
            return io.greentrain.energy.ledger.SealRecord.FAILED;
        }
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return io.greentrain.energy.ledger.SealRecord.COMPLETED;
        } catch (IllegalStateException shuttingDown) {
            return io.greentrain.energy.ledger.SealRecord.KILLED;
        }
    }

    static Map<String, String> confMap(SparkContext sc) {
        Map<String, String> conf = new HashMap<>();
        for (Tuple2<String, String> entry : sc.getConf().getAll()) {
            conf.put(entry._1(), entry._2());
        }
        return conf;
    }

    /** Mean power over the samples of the last ten seconds, for the {@code power.*} gauges. */
    private static final class RecentPower {
        private final java.util.function.DoubleSupplier joulesSoFar;
        private double lastJoules;
        private long lastNanos = System.nanoTime();
        private double lastWatts;

        RecentPower(java.util.function.DoubleSupplier joulesSoFar) {
            this.joulesSoFar = joulesSoFar;
        }

        synchronized double watts() {
            long now = System.nanoTime();
            double joules = joulesSoFar.getAsDouble();
            if (now - lastNanos >= TimeUnit.SECONDS.toNanos(10)) {
                lastWatts = (joules - lastJoules) / ((now - lastNanos) / 1e9);
                lastJoules = joules;
                lastNanos = now;
            }
            return lastWatts;
        }
    }
}
