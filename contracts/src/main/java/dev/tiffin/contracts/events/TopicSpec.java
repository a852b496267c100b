package dev.tiffin.contracts.events;

import java.util.List;
import java.util.Map;

/**
 * How each topic is created: partitions (work is partitioned by deployment id, so partitions bound how far a service
 * scales out) and topic configs ({@code tiffin.access} is compacted: the latest event per token wins).
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public static final int DEFAULT_PARTITIONS = 6;

    public static List<TopicSpec> all() {
        return List.of(
                new TopicSpec(Topics.DEPLOYMENT_REQUESTS, DEFAULT_PARTITIONS, Map.of()),
                new TopicSpec(Topics.DEPLOYMENT_EVENTS, DEFAULT_PARTITIONS, Map.of()),
                new TopicSpec(Topics.METRICS, DEFAULT_PARTITIONS, Map.of("retention.ms", "3600000")),
                new TopicSpec(Topics.ACCESS, 1, Map.of("cleanup.policy", "compact")),
                new TopicSpec(Topics.AUTOSCALER_STATE, DEFAULT_PARTITIONS, Map.of("cleanup.policy", "compact")),
                new TopicSpec(Topics.dlq(Topics.DEPLOYMENT_REQUESTS), 1, Map.of()),
                new TopicSpec(Topics.dlq(Topics.DEPLOYMENT_EVENTS), 1, Map.of()),
                new TopicSpec(Topics.dlq(Topics.METRICS), 1, Map.of()),
                new TopicSpec(Topics.dlq(Topics.ACCESS), 1, Map.of()));
    }
}
