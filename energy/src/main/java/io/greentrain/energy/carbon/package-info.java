/**
 * Carbon accounting: from measured IT energy to grams of CO2e, every number with its source.
 *
 * <p>{@link io.greentrain.energy.carbon.CarbonAccountant} turns a host's active and idle joules for a
 * time window into location-based and market-based emissions ({@code kWh x PUE x intensity}) and
 * adds the embodied emissions of the hardware reserved for that window (the Green Software
 * Foundation's SCI amortisation). Its inputs are small, replaceable parts:
 * <ul>
 *   <li>an {@link io.greentrain.energy.carbon.IntensityProvider} per grid zone:
 *       {@link io.greentrain.energy.carbon.IntensityTimeSeries} (hourly or finer, preferred),
 *       {@link io.greentrain.energy.carbon.AnnualAverages} (bundled yearly means) or
 *       {@link io.greentrain.energy.carbon.ConstantIntensity}, chained with
 *       {@link io.greentrain.energy.carbon.IntensityProvider#withFallback(IntensityProvider)};</li>
 *   <li>{@link io.greentrain.energy.carbon.MarketFactor}: contractual emission factors per zone;</li>
 *   <li>{@link io.greentrain.energy.carbon.PueSettings}: power usage effectiveness per cluster or zone;</li>
 *   <li>{@link io.greentrain.energy.carbon.EmbodiedEmissions} and
 *       {@link io.greentrain.energy.carbon.EmbodiedHardware}: manufacturing emissions and their share.</li>
 * </ul>
 * Everything here is plain Java, immutable once built and safe to share between threads; nothing
 * needs Spark.
 */
package io.greentrain.energy.carbon;
