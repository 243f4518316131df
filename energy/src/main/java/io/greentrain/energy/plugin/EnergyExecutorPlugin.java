package io.greentrain.energy.plugin;

import io.greentrain.energy.EnergyConf;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
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
        Map<String, ResourceInformation> resources = ctx.resources();
        // In local mode the executor starts before the application has its id; it is then the only
        // process of the application, so its process id names the host election well enough.
        String applicationId = ctx.conf().get("spark.app.id", "local-" + ProcessHandle.current().pid());
        sampler = ExecutorSampler.start(ctx.executorID(), ctx.hostname(), applicationId, conf, resources, sample -> {
            try {
                ctx.send(sample);
            } catch (IOException e) {
                LOG.warn("could not send energy sample {} to the driver: {}", sample.sequence(), e.toString());
            }
        });
    }

    @Override
    public void shutdown() {
        if (sampler != null) {
            sampler.close();
        }
    }
}
