package io.greentrain.energy.plugin;

import io.greentrain.energy.EnergyConf;
import io.greentrain.energy.EnergySettings;
import io.greentrain.energy.api.DeviceClass;
import io.greentrain.energy.carbon.AnnualAverages;
import io.greentrain.energy.carbon.CarbonAccountant;
import io.greentrain.energy.carbon.CarbonFootprint;
import io.greentrain.energy.carbon.ConstantIntensity;
import io.greentrain.energy.carbon.EmbodiedEmissions;
import io.greentrain.energy.carbon.EmbodiedHardware;
import io.greentrain.energy.carbon.HardwareReservation;
import io.greentrain.energy.carbon.HostEnergy;
import io.greentrain.energy.carbon.IntensityProvider;
import io.greentrain.energy.carbon.IntensityTimeSeries;
import io.greentrain.energy.carbon.MarketFactor;
import io.greentrain.energy.carbon.PueSettings;
import io.greentrain.energy.ledger.CorrectionRecord;
import io.greentrain.energy.ledger.GapRecord;
import io.greentrain.energy.config.UriRedaction;
import io.greentrain.energy.ledger.LedgerEntry;
import io.greentrain.energy.ledger.LedgerRecord;
import io.greentrain.energy.ledger.LedgerWriter;
import io.greentrain.energy.ledger.SealKey;
import io.greentrain.energy.ledger.SealRecord;
import io.greentrain.energy.ledger.WorkRecord;
import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.MeasurementUncertainty;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the driver's energy samples into carbon-ledger entries: attributes the windows that are
 * complete, accounts each share's emissions (energy x PUE x grid intensity of the host's zone and
 * window, location- and market-based, plus amortised embodied emissions), appends the entries to
 * the {@link LedgerWriter} and keeps the totals.
 *
 * <p>Work the application reports ({@link #recordWork}) is queued and appended to the same chain
 * once the energy entries of the windows that ended before it have been appended, so a work line
 * follows the energy of the work it counts (samples arriving later than the recording lag excepted).
 *
 * <p>Every sample is recorded exactly once: on time as energy entries, or, when it reached the driver after its
 * window was written, as correction lines; samples that never arrive are written as gap lines. Embodied emissions are counted once per executor,
 * window and device (CPU server share, or GPU card) and spread over that window's entries by
 * their energy. Driver-only and thread-safe; NOT meant to be serialized.
 *
 * <p>{@link #close(String)} seals the application's lines ({@link SealRecord}), signed when a seal key is configured.
 */
final class LedgerRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerRecorder.class);

    private final EnergyAccounting accounting;
    private final TaskTimeline timeline;
    private final CarbonAccountant accountant;
    private final EmbodiedEmissions embodied;
    private final String defaultZone;
    private final Map<String, String> zoneByHost;
    private final int serverCores;
    private final int executorCores;
    private final String applicationId;
    private final String runId;
    private final LedgerWriter writer;
    private final byte[] sealKey;
    private boolean sealWritten;
    private final List<WorkRecord> pendingWork = new ArrayList<>();
    private boolean closed;
    private final Map<String, Double> locationByPhase = new TreeMap<>();
    private final Set<String> intensitySources = new TreeSet<>();
    private double joules;
    private double locationGrams;
    private double marketGrams;
    private double embodiedGrams;
    private double lastPue = PueSettings.PUE_DEFAULT;
    private String lastPueSource = PueSettings.PUE_DEFAULT_SOURCE;
    private long entries;
    private long corrections;
    private long gapLines;
    private final Map<Long, String> instantTexts = new HashMap<>();
    private final String cpuEmbodiedSource;
    private final String gpuEmbodiedSource;

    LedgerRecorder(EnergyAccounting accounting, TaskTimeline timeline, EnergySettings settings, String applicationId,
                   Configuration hadoopConf) {
        EnergySettings.Carbon carbon = settings.carbon();
        this.accounting = accounting;
        this.timeline = timeline;
        this.applicationId = applicationId;
        String configuredRun = settings.ledger().runId();
        this.runId = configuredRun.isEmpty() ? applicationId.replaceAll("[^A-Za-z0-9._-]", "_") : configuredRun;
        this.defaultZone = carbon.zone();
        this.zoneByHost = carbon.zoneByHost();
        this.serverCores = carbon.serverCores();
        this.executorCores = (int) Math.max(1, Math.min(serverCores, MeterSet.allocatedCores(settings.allocation())));
        this.embodied = EmbodiedEmissions.defaults();
        this.cpuEmbodiedSource = executorCores + " of " + serverCores + " cores of: "
                + EmbodiedHardware.TWO_SOCKET_SERVER_DEFAULT.source() + "; lifetime "
                + EmbodiedEmissions.EXPECTED_LIFETIME_DEFAULT_SOURCE;
        this.gpuEmbodiedSource = EmbodiedHardware.GPU_CARD_DEFAULT.source() + "; lifetime "
                + EmbodiedEmissions.EXPECTED_LIFETIME_DEFAULT_SOURCE;
        this.accountant = new CarbonAccountant(intensityProvider(carbon, hadoopConf), marketFactor(carbon),
                pueSettings(carbon), embodied);
        String ledgerPath = settings.ledger().path();
        LedgerWriter opened = null;
        if (!ledgerPath.isEmpty()) {
            try {
                Path path = new Path(ledgerPath);
                opened = LedgerWriter.open(path.getFileSystem(hadoopConf), path, runId,
                        settings.ledger().flushInterval());
                LOG.info("carbon ledger: {} (run {})", UriRedaction.redact(opened.runDirectory().toString()), runId);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the carbon ledger at " + UriRedaction.redact(ledgerPath),
                        e);
            }
        }
        this.writer = opened;
        String keyPath = settings.ledger().sealKeyPath();
        try {
            this.sealKey = keyPath.isEmpty() || opened == null ? null : SealKey.read(keyPath, hadoopConf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger seal key (" + EnergyConf.LEDGER_SEAL_KEY_PATH.key()
                    + ")", e);
        }
    }

    private static IntensityProvider intensityProvider(EnergySettings.Carbon carbon, Configuration hadoopConf) {
        if (carbon.intensity().isPresent()) {
            return new ConstantIntensity(carbon.intensity().getAsDouble(),
                    "configured constant (" + EnergyConf.CARBON_INTENSITY.key() + ")");
        }
        AnnualAverages annual = AnnualAverages.bundled();
        String file = carbon.intensityFile();
        if (file.isEmpty()) {
            return annual;
        }
        Path path = new Path(file);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(path.getFileSystem(hadoopConf).open(path),
                StandardCharsets.UTF_8))) {
            // The file's name becomes each entry's intensity source: no credentials in the ledger.
            return IntensityTimeSeries.csvReader().read(in, UriRedaction.redact(file)).withFallback(annual);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the intensity file " + UriRedaction.redact(file), e);
        }
    }

    private MarketFactor marketFactor(EnergySettings.Carbon carbon) {
        MarketFactor market = MarketFactor.locationBasedOnly();
        if (carbon.marketFactor().isEmpty()) {
            return market;
        }
        String source = "configured (" + EnergyConf.CARBON_MARKET_FACTOR.key() + ")";
        Set<String> zones = new TreeSet<>(zoneByHost.values());
        zones.add(defaultZone);
        for (String zone : zones) {
            market = market.withFactor(zone, carbon.marketFactor().getAsDouble(), source);
        }
        return market;
    }

    private static PueSettings pueSettings(EnergySettings.Carbon carbon) {
        PueSettings settings = PueSettings.defaults();
        if (carbon.pue().isPresent()) {
            settings = settings.withDefault(carbon.pue().getAsDouble(),
                    "configured (" + EnergyConf.CARBON_PUE.key() + ")");
        }
        String source = "configured (" + EnergyConf.CARBON_ZONE_PUE.key() + ")";
        for (Map.Entry<String, Double> zone : new TreeMap<>(carbon.pueByZone()).entrySet()) {
            settings = settings.withZone(zone.getKey(), zone.getValue(), source);
        }
        return settings;
    }

    /**
     * Queues {@code amount} units of work done in {@code phase}, recorded at {@code at}, for the ledger.
     *
     * @return whether it will be written (false when no ledger path is configured)
     * @throws IllegalArgumentException if phase, unit or amount is invalid ({@link WorkRecord})
     */
    synchronized boolean recordWork(String phase, String unit, long amount, Instant at) {
        WorkRecord work = WorkRecord.of(applicationId, runId, phase, unit, amount, at);
        if (writer == null) {
            LOG.debug("no carbon ledger configured: {} {} of phase {} not recorded", amount, unit, phase);
            return false;
        }
        if (closed) {
            LOG.warn("the carbon ledger is closed (application ending): {} {} of phase {} not recorded", amount,
                    unit, phase);
            return false;
        }
        pendingWork.add(work);
        return true;
    }

    /**
     * Records every window that ended at or before {@code cutoffMillis} and was not recorded yet
     * ({@link EnergyAccounting#closeUpTo}): its energy entries; a correction line for each share of a sample that
     * arrived after its window was recorded; a gap line for each run of samples that never arrived; then the work
     * recorded at or before {@code cutoffMillis}. Costs about the samples of the windows closed.
     */
    synchronized void recordUpTo(long cutoffMillis) {
        EnergyAccounting.ClosedWindows closed = accounting.closeUpTo(cutoffMillis);
        if (!closed.isEmpty()) {
            List<LedgerRecord> lines = new ArrayList<>(toEntries(closed.onTime()));
            for (EnergyAccounting.LateEnergy late : closed.late()) {
                EnergySample sample = late.sample();
                String reason = "late sample: sample " + sample.sequence() + " of executor " + sample.executorId()
                        + " (window " + Instant.ofEpochMilli(sample.windowStartMillis()) + " to "
                        + Instant.ofEpochMilli(sample.windowEndMillis())
                        + ") reached the driver after that window was written";
                for (LedgerEntry entry : toEntries(late.shares())) {
                    lines.add(CorrectionRecord.of(entry, reason));
                    corrections++;
                }
                if (late.shares().isEmpty()) {
                    LOG.debug("late sample {} of executor {} holds no energy: no correction line",
                            sample.sequence(), sample.executorId());
                }
            }
            for (EnergyAccounting.SampleGap gap : closed.gaps()) {
                lines.add(new GapRecord(applicationId, runId, 0, gap.executorId(), gap.host(), gap.firstMissing(),
                        gap.lastMissing(), Instant.ofEpochMilli(gap.windowStartMillis()).toString(),
                        Instant.ofEpochMilli(gap.windowEndMillis()).toString(), GapRecord.NOT_COUNTED,
                        LedgerEntry.GENESIS_HASH));
                gapLines++;
                LOG.warn("{} energy sample(s) of executor {} never arrived (samples {} to {}, {} to {}): written to "
                        + "the carbon ledger as a gap; their energy is not counted", gap.lastMissing()
                        - gap.firstMissing() + 1, gap.executorId(), gap.firstMissing(), gap.lastMissing(),
                        Instant.ofEpochMilli(gap.windowStartMillis()), Instant.ofEpochMilli(gap.windowEndMillis()));
            }
            if (writer != null && !lines.isEmpty()) {
                writer.append(lines);
            }
            entries += lines.size();
        }
        List<WorkRecord> dueWork = new ArrayList<>();
        pendingWork.removeIf(work -> work.recordedInstant().toEpochMilli() <= cutoffMillis && dueWork.add(work));
        if (!dueWork.isEmpty()) {
            writer.append(dueWork);
        }
    }

    /** Correction lines written so far (late samples' shares). */
    synchronized long corrections() {
        return corrections;
    }

    /** Gap lines written so far. */
    synchronized long gapLines() {
        return gapLines;
    }

    /** What makes shares one ledger entry: executor, host, device, phase, window and how the energy was obtained. */
    private record EntryKey(String executorId, String host, String domain, String phase, long windowStartMillis,
                            long windowEndMillis, MeasurementMethod method, String provenance) {
        static EntryKey of(AttributedEnergy share) {
            return new EntryKey(share.executorId(), share.host(), share.domain(), share.phase(),
                    share.windowStartMillis(), share.windowEndMillis(), share.method(), share.provenance());
        }
    }

    /** The shares of one entry added up: active and idle joules, and the stages they ran. */
    private static final class EntryGroup {
        final EntryKey key;
        double activeJoules;
        double idleJoules;
        java.util.SortedSet<Integer> stages;
        double embodiedGrams;

        EntryGroup(EntryKey key) {
            this.key = key;
        }

        double joules() {
            return activeJoules + idleJoules;
        }

        String stageList() {
            if (stages == null) {
                return "";
            }
            StringBuilder list = new StringBuilder();
            for (int stage : stages) {
                list.append(list.length() == 0 ? "" : ",").append(stage);
            }
            return list.toString();
        }
    }

    /** One executor's hold on one device for one window: what an embodied share is counted for. */
    private record Holding(String executorId, String device, long windowStartMillis, long windowEndMillis) {
    }

    /** Groups shares into entries (active and idle together) and accounts their emissions. */
    private List<LedgerEntry> toEntries(List<AttributedEnergy> shares) {
        Map<EntryKey, EntryGroup> grouped = new LinkedHashMap<>();
        for (AttributedEnergy share : shares) {
            EntryGroup group = grouped.computeIfAbsent(EntryKey.of(share), EntryGroup::new);
            if (share.idle()) {
                group.idleJoules += share.joules();
            } else {
                group.activeJoules += share.joules();
            }
            if (!share.stages().isEmpty()) {
                if (group.stages == null) {
                    group.stages = new java.util.TreeSet<>();
                }
                for (String stage : share.stages().split(",")) {
                    group.stages.add(Integer.parseInt(stage));
                }
            }
        }
        addEmbodiedShares(grouped.values());
        List<LedgerEntry> out = new ArrayList<>(grouped.size());
        for (EntryGroup group : grouped.values()) {
            EntryKey share = group.key;
            String zone = zoneByHost.getOrDefault(share.host(), defaultZone);
            Instant start = Instant.ofEpochMilli(share.windowStartMillis());
            Instant end = Instant.ofEpochMilli(share.windowEndMillis());
            CarbonFootprint footprint = accountant.account(new HostEnergy(share.host(), null, zone, start, end,
                    group.activeJoules, group.idleJoules));
            String startText = instantText(share.windowStartMillis());
            out.add(new LedgerEntry(applicationId, runId, 0, share.executorId(), share.host(), share.domain(),
                    share.phase(), group.stageList(), startText, instantText(share.windowEndMillis()),
                    group.activeJoules, group.idleJoules, methodLabel(share.method(), share.domain()), share.provenance(),
                    MeasurementUncertainty.relative(share.domain(), share.method(), share.provenance(), group.joules(),
                            share.windowEndMillis() - share.windowStartMillis()),
                    footprint.pue().value(), footprint.pue().source(), zone,
                    footprint.locationIntensity().gramsPerKwh(), footprint.locationIntensity().source(),
                    footprint.locationIntensity().periodStart() == null ? startText
                            : instantText(footprint.locationIntensity().periodStart().toEpochMilli()),
                    footprint.marketFactor().gramsPerKwh(), footprint.marketFactor().source(),
                    footprint.locationGrams(), footprint.marketGrams(), group.embodiedGrams,
                    embodiedSource(share.domain()), LedgerEntry.GENESIS_HASH));
            joules += group.joules();
            locationGrams += footprint.locationGrams();
            marketGrams += footprint.marketGrams();
            embodiedGrams += group.embodiedGrams;
            locationByPhase.merge(share.phase(), footprint.locationGrams(), Double::sum);
            intensitySources.add(footprint.locationIntensity().source());
            lastPue = footprint.pue().value();
            lastPueSource = footprint.pue().source();
        }
        return out;
    }

    /** ISO-8601 text of an epoch millisecond; the windows of one second repeat, so the texts are kept a while. */
    private String instantText(long epochMillis) {
        if (instantTexts.size() > 4096) {
            instantTexts.clear();
        }
        return instantTexts.computeIfAbsent(epochMillis, millis -> Instant.ofEpochMilli(millis).toString());
    }

    /**
     * How the share's number was obtained, for its entry: a host-wide counter's energy (RAPL package or DRAM, read
     * by one executor for the whole host) reaches an executor only through the split by CPU time share, so it is not
     * labelled a plain {@code counter}; estimates keep {@code estimated}, with the model in their provenance.
     */
    static String methodLabel(MeasurementMethod method, String domain) {
        boolean hostCounter = method == MeasurementMethod.COUNTER
                && (domain.equals(io.greentrain.energy.meter.RaplMeter.PACKAGE_DOMAIN)
                || domain.equals(io.greentrain.energy.meter.RaplMeter.DRAM_DOMAIN));
        return hostCounter ? LedgerEntry.COUNTER_SPLIT_BY_CPU_TIME : method.code();
    }

    /**
     * Sets each group's embodied grams: one amortised share per executor, window and device (the CPU
     * server's cores this executor holds, or a whole GPU card), spread over the window's groups of
     * that device by their energy.
     */
    private void addEmbodiedShares(java.util.Collection<EntryGroup> groups) {
        Map<Holding, List<EntryGroup>> groupsByHolding = new LinkedHashMap<>();
        for (EntryGroup group : groups) {
            EntryKey share = group.key;
            // A GPU card is held whole, CPU cores as a share of their server; memory is counted with the server.
            DeviceClass deviceClass = DeviceClass.of(share.domain());
            String device = deviceClass == DeviceClass.GPU ? share.domain()
                    : deviceClass == DeviceClass.CPU ? DeviceClass.CPU.code() : null;
            if (device != null && share.windowEndMillis() > share.windowStartMillis()) {
                groupsByHolding.computeIfAbsent(new Holding(share.executorId(), device, share.windowStartMillis(),
                        share.windowEndMillis()), k -> new ArrayList<>(2)).add(group);
            }
        }
        for (Map.Entry<Holding, List<EntryGroup>> holding : groupsByHolding.entrySet()) {
            Holding held = holding.getKey();
            Duration window = Duration.ofMillis(held.windowEndMillis() - held.windowStartMillis());
            HardwareReservation reservation = held.device().equals(DeviceClass.CPU.code())
                    ? HardwareReservation.cores(EmbodiedHardware.TWO_SOCKET_SERVER_DEFAULT, executorCores, serverCores)
                    : HardwareReservation.whole(EmbodiedHardware.GPU_CARD_DEFAULT);
            double grams = embodied.grams(reservation, window);
            double total = holding.getValue().stream().mapToDouble(EntryGroup::joules).sum();
            for (EntryGroup group : holding.getValue()) {
                group.embodiedGrams = total > 0 ? grams * group.joules() / total
                        : grams / holding.getValue().size();
            }
        }
    }

    private String embodiedSource(String domain) {
        DeviceClass deviceClass = DeviceClass.of(domain);
        if (deviceClass == DeviceClass.GPU) {
            return gpuEmbodiedSource;
        }
        if (deviceClass == DeviceClass.CPU) {
            return cpuEmbodiedSource;
        }
        return "none: counted with the CPU server share";
    }

    /** Writes a segment if the flush interval has passed. */
    void flushIfDue() {
        if (writer != null) {
            try {
                writer.flushIfDue();
            } catch (IOException e) {
                LOG.warn("carbon ledger flush failed (entries kept for the next one): {}", e.toString());
            }
        }
    }

    /** Records everything received and writes it to the ledger now. */
    synchronized CarbonTotals recordAllAndFlush() {
        recordUpTo(Long.MAX_VALUE);
        if (writer != null) {
            try {
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the carbon ledger", e);
            }
        }
        return totals();
    }

    synchronized CarbonTotals totals() {
        return new CarbonTotals(joules, locationGrams, marketGrams, embodiedGrams, Map.copyOf(locationByPhase),
                Set.copyOf(intensitySources), lastPue, lastPueSource,
                writer == null ? null : UriRedaction.redact(writer.runDirectory().toString()), entries);
    }

    /** {@link #close(String)} for an application that completed. */
    @Override
    public void close() {
        close(SealRecord.COMPLETED);
    }

    /**
     * Records everything received, seals the application's lines with {@code reason} and writes them. When that
     * last flush fails, the error names the lines that were not written (the run then stays unsealed) instead of
     * throwing: the application is ending. Closing twice does nothing.
     *
     * @param reason one of {@link SealRecord#REASONS}
     */
    synchronized void close(String reason) {
        if (closed) {
            return;
        }
        recordUpTo(Long.MAX_VALUE);
        closed = true;
        if (writer == null) {
            return;
        }
        writer.seal(applicationId, reason, Instant.now(), sealKey);
        try {
            writer.close();
            sealWritten = true;
            LOG.info("carbon ledger run {} sealed ({}{}), head {}", runId, reason, sealKey == null ? "" : ", signed",
                    writer.headHash());
        } catch (IOException e) {
            LOG.error("carbon ledger run {}: the end-of-application flush failed, {} lines (sequences {}-{}, the "
                            + "seal included) were not written and the run stays unsealed ({} failed flushes in all): {}",
                    runId, writer.bufferedEntries(), writer.firstBufferedSequence(), writer.nextSequence() - 1,
                    writer.failedFlushes(), e.toString());
        }
    }

    /** The chain's head hash once {@link #close(String)} wrote the seal (the seal line's hash); otherwise empty. */
    synchronized java.util.Optional<String> sealedHead() {
        return sealWritten ? java.util.Optional.of(writer.headHash()) : java.util.Optional.empty();
    }
}
