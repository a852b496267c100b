package dev.tiffin.autoscaler.messaging;

import dev.tiffin.autoscaler.live.LiveAutoscaler;
import dev.tiffin.contracts.events.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Which deployments this instance autoscales: those whose partition of {@code tiffin.deployment.events} one of its
 * consumers holds. On assignment their state is loaded from the state topic before the first record is processed; on
 * revocation it is written and dropped.
 */
@ApplicationScoped
@Identifier(PartitionOwnership.NAME)
public class PartitionOwnership implements KafkaConsumerRebalanceListener {

    public static final String NAME = "autoscaler-partitions";

    private final LiveAutoscaler autoscaler;

    public PartitionOwnership(LiveAutoscaler autoscaler) {
        this.autoscaler = autoscaler;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<Integer> assigned = numbers(partitions);
        if (!assigned.isEmpty()) {
            autoscaler.assigned(assigned);
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<Integer> revoked = numbers(partitions);
        if (!revoked.isEmpty()) {
            autoscaler.revoked(revoked);
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream()
                .filter(tp -> Topics.DEPLOYMENT_EVENTS.equals(tp.topic()))
                .map(TopicPartition::partition)
                .collect(Collectors.toSet());
    }
}
