package io.greentrain.energy.carbon;

/**
 * A piece of hardware and the greenhouse gases emitted to make it (and, where the figure includes
 * it, to ship and dispose of it): SCI's "total embodied emissions" (TE).
 *
 * <p>The defaults are Cloud Carbon Footprint's embodied-emissions coefficients, from its
 * cloud-carbon-coefficients repository: rough, component-count approximations, not a product
 * carbon footprint of your hardware. Use the manufacturer's figure when it publishes one, with
 * {@link #EmbodiedHardware(String, double, String) the constructor}.
 *
 * @param description  what the hardware is, e.g. {@code "rack server, 2 sockets, 384 GB"}
 * @param totalKgCo2e  total embodied emissions, kgCO2e, finite and {@code >= 0}
 * @param source       where the figure comes from
 */
public record EmbodiedHardware(String description, double totalKgCo2e, String source) {

    /** Cloud Carbon Footprint: a 1-socket rack server with 16 GB of memory and no local storage, kgCO2e. */
    public static final double CCF_BASE_SERVER_KG = 1000;
    /** Cloud Carbon Footprint: each CPU beyond the first, kgCO2e. */
    public static final double CCF_ADDITIONAL_CPU_KG = 100;
    /** Cloud Carbon Footprint: the memory its base server includes, GB. */
    public static final int CCF_BASE_MEMORY_GB = 16;
    /**
     * Cloud Carbon Footprint: each GB of memory beyond the base, kgCO2e (533 kgCO2e for 384 GB, from Dell's
     * PowerEdge R740 life-cycle assessment).
     */
    public static final double CCF_MEMORY_KG_PER_GB = 533.0 / 384;
    /** Cloud Carbon Footprint: each GPU card, any model, kgCO2e. */
    public static final double CCF_GPU_CARD_KG = 150;

    /**
     * A 2-socket rack server with 384 GB (the memory of the R740 configuration behind the memory
     * coefficient), without storage or GPUs: 1610.79 kgCO2e.
     */
    public static final EmbodiedHardware TWO_SOCKET_SERVER_DEFAULT = cloudCarbonFootprintServer(2, 384);
    /** A GPU card of unstated model. */
    public static final EmbodiedHardware GPU_CARD_DEFAULT = new EmbodiedHardware("GPU card", CCF_GPU_CARD_KG,
            gpuSource("the model"));

    public EmbodiedHardware {
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("say what hardware the embodied emissions are for");
        }
        if (!(totalKgCo2e >= 0) || Double.isInfinite(totalKgCo2e)) {
            throw new IllegalArgumentException("embodied emissions must be finite and >= 0 kgCO2e, got " + totalKgCo2e);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("say where the embodied emissions of " + description + " come from");
        }
    }

    /**
     * A rack server by Cloud Carbon Footprint's coefficients:
     * {@code 1000 + 100 x (sockets - 1) + 533/384 x max(0, memoryGb - 16)} kgCO2e. Local storage and
     * GPUs are not included; count GPUs with {@link #gpuCard(String)}.
     *
     * @param cpuSockets {@code >= 1}
     * @param memoryGb   {@code >= 0}
     */
    public static EmbodiedHardware cloudCarbonFootprintServer(int cpuSockets, int memoryGb) {
        if (cpuSockets < 1 || memoryGb < 0) {
            throw new IllegalArgumentException("a server needs >= 1 CPU socket and >= 0 GB of memory, got "
                    + cpuSockets + " sockets and " + memoryGb + " GB");
        }
        double kg = CCF_BASE_SERVER_KG + CCF_ADDITIONAL_CPU_KG * (cpuSockets - 1)
                + CCF_MEMORY_KG_PER_GB * Math.max(0, memoryGb - CCF_BASE_MEMORY_GB);
        return new EmbodiedHardware("rack server, " + cpuSockets + (cpuSockets == 1 ? " socket, " : " sockets, ")
                + memoryGb + " GB", kg,
                "Cloud Carbon Footprint embodied-emissions coefficients (cloud-carbon-coefficients): 1000 kgCO2e"
                        + " for a 1-socket rack server with 16 GB and no local storage, + 100 kgCO2e per additional"
                        + " CPU,"
                        + " + 533/384 kgCO2e per GB of memory beyond 16 GB (from Dell's PowerEdge R740 life-cycle"
                        + " assessment); an approximation, storage and GPUs not included");
    }

    /**
     * A GPU card by Cloud Carbon Footprint's single per-card coefficient, {@value #CCF_GPU_CARD_KG}
     * kgCO2e whatever the model: an approximation; large accelerators with stacked memory likely
     * embody more.
     *
     * @param model e.g. {@code "NVIDIA H100 SXM"}, for the description
     */
    public static EmbodiedHardware gpuCard(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("name the GPU model");
        }
        return new EmbodiedHardware("GPU card " + model.trim(), CCF_GPU_CARD_KG, gpuSource(model.trim()));
    }

    private static String gpuSource(String model) {
        return "Cloud Carbon Footprint embodied-emissions coefficient per GPU card (cloud-carbon-coefficients):"
                + " 150 kgCO2e for any model, not a measurement of " + model + "; an approximation";
    }
}
