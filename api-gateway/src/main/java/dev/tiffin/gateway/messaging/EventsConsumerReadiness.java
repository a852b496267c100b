package dev.tiffin.gateway.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once this instance's consumer of {@code tiffin.deployment.events} has its partitions: before that, a verdict
 * could pass unseen (the group starts at the latest offset) and waiting writes would fall back to polling.
 */
@ApplicationScoped
@Identifier("gateway-events-rebalance")
@Readiness
public class EventsConsumerReadiness implements KafkaConsumerRebalanceListener, HealthCheck {

    private volatile int assigned;
    private volatile boolean everAssigned;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned = consumer.assignment().size();
        everAssigned = everAssigned || !partitions.isEmpty();
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned = Math.max(0, assigned - partitions.size());
    }

    public boolean isAssigned() {
        return everAssigned;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("deployment-events-consumer")
                .status(everAssigned)
                .withData("assigned_partitions", assigned)
                .build();
    }
}
