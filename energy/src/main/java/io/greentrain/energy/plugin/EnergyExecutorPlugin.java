package io.greentrain.energy.plugin;

import io.greentrain.energy.EnergyConf;
import io.greentrain.energy.EnergySettings;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The executor half of the energy plugin: a daemon sampler that reads this executor's meters every
 * {@code spark.greentrain.energy.sampleInterval} and sends each window to the driver, with a final
 * flush when the executor shuts down.
 */
public final class EnergyExecutorPlugin implements ExecutorPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(EnergyExecutorPlugin.class);

    private ExecutorSampler sampler;

    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
        Map<String, String> conf = new HashMap<>();
        for (Tuple2<String, String> entry : ctx.conf().getAll()) {
            conf.put(entry._1(), entry._2());
        }
        if (!EnergyConf.ENABLED.get(conf)) {
            return;
        }
        try {
            startSampler(ctx, EnergySettings.from(conf));
        } catch (RuntimeException e) {
            // Measurement must never take an executor down: report and carry on without it.
            LOG.error("energy measurement is off on executor {}: {}", ctx.executorID(), e.toString(), e);
        }
    }

    private void startSampler(PluginContext ctx, EnergySettings settings) {
        Map<String, ResourceInformation> resources = ctx.resources();
        // In local mode the executor starts before the application has its id; it is then the only
        // process of the application, so its process id names the host election well enough.
        String applicationId = ctx.conf().get("spark.app.id", "local-" + ProcessHandle.current().pid());
        HostReaderBroker broker = claim -> {
            try {
                return (HostReaderClaim.Decision) ctx.ask(claim);
            } catch (Exception e) {
                throw new IllegalStateException("asking the driver failed: " + e, e);
            }
        };
        sampler = ExecutorSampler.start(ctx.executorID(), hostOf(ctx), applicationId, settings, resources, broker,
                sample -> {
            try {
                ctx.send(sample);
            } catch (IOException e) {
                LOG.warn("could not send energy sample {} to the driver: {}", sample.sequence(), e.toString());
            }
        });
    }

    /**
     * This process's host as Spark names it (the block manager's host), so that the driver groups
     * executors and the driver by the same names. {@code PluginContext.hostname()} fails on
     * executors, whose RPC environment has no server address.
     */
    static String hostOf(PluginContext ctx) {
        SparkEnv env = SparkEnv.get();
        if (env != null && env.blockManager() != null && env.blockManager().blockManagerId() != null) {
            return env.blockManager().blockManagerId().host();
        }
        try {
            return ctx.hostname();
        } catch (RuntimeException e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException unknown) {
                return "unknown-host";
            }
        }
    }

    @Override
    public void shutdown() {
        if (sampler != null) {
            sampler.close();
        }
    }
}
