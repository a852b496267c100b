package dev.tiffin.contracts.catalog;

import java.util.Map;

/** A machine type of the Basic resources choice, e.g. {@code gpu.l4.1}: 4 cpu, 16Gi, 1 nvidia-l4. */
public record InstanceType(
        String name,
        String cpu,
        String memory,
        Integer gpu,
        String gpuType,
        Double price,
        Map<String, String> nodeSelector) {}
