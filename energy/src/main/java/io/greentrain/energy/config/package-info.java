/**
 * Configuration keys defined once: {@link io.greentrain.energy.config.ConfigEntry} and its builder
 * (key, type, default, doc, checks, version), {@link io.greentrain.energy.config.ValueCheck}s that
 * describe what is wrong with a value, and {@link io.greentrain.energy.config.ValueParser}s per
 * source ({@link io.greentrain.energy.config.SparkValueParsers} for Spark's string values). The
 * energy plugin's keys ({@code io.greentrain.energy.EnergyConf}) and the jobs' keys are both built
 * with it.
 */
package io.greentrain.energy.config;
