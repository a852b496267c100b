package dev.tiffin.contracts.spec;

import java.util.Map;

/** Kubernetes quantities: cpu ("500m", "2"), memory ("512Mi", "4Gi"), whole GPUs, and custom resources. */
public record ResourceQuantities(String cpu, String memory, Integer gpu, Map<String, String> custom) {}
