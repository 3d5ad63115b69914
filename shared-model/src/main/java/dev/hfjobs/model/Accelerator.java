package dev.hfjobs.model;

/**
 * The accelerator of a hardware flavor.
 *
 * @param type e.g. {@code gpu}
 * @param model e.g. {@code A10G}
 * @param quantity how many, as the Hub writes it (a string, e.g. {@code "4"})
 * @param vram memory per accelerator as written by the Hub, e.g. {@code "24 GB"}
 * @param manufacturer e.g. {@code Nvidia}
 */
public record Accelerator(String type, String model, String quantity, String vram, String manufacturer) {}
