package dev.tiffin.contracts.spec;

/**
 * Traffic control of one component: response timeout (default 60 s), the bound on waiting requests across all
 * replicas (default unlimited) and the per-replica concurrency limit (optional).
 */
public record TrafficControl(TimeoutValue timeout, Integer maxQueue, Integer maxConcurrency) {}
