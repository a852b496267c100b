package dev.tiffin.autoscaler;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.json.StrictReader;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishing and reading Tiffin events in tests, as the other services would. */
public final class Events {

    private Events() {}

    public static void publish(KafkaCompanion companion, DeploymentId id, EventData data) {
        CloudEvent event = EventCodec.wrap("tiffin/test", id.key(), data, Clock.systemUTC());
        companion
                .produceStrings()
                .fromRecords(
                        new ProducerRecord<>(EventType.of(data.getClass()).topic(), id.key(), EventCodec.encode(event)))
                .awaitCompletion();
    }

    /** A revision of {@code specJson} (the canonical document) on the local cluster, with a Bento of no runners. */
    public static RevisionCreated revision(DeploymentId id, int revision, String specJson, List<String> runners) {
        DeploymentSpec spec =
                StrictReader.bind(StrictReader.parseTree(specJson, TiffinJson.mapper()), DeploymentSpec.class);
        return new RevisionCreated(
                id,
                revision,
                revision > 1 ? revision - 1 : null,
                "req-" + revision,
                revision > 1 ? "update" : "create",
                spec,
                new BentoInfo("iris", "1", "registry.local/iris:1", "svc", runners),
                Map.of(),
                new ClusterInfo(id.cluster(), id.namespace(), null, null),
                Instant.now());
    }

    /** The data of the events of {@code type} about {@code id} received so far. */
    public static <T extends EventData> List<T> received(
            ConsumerTask<String, String> task, DeploymentId id, Class<T> type) {
        String wanted = EventType.of(type).type();
        return task.getRecords().stream()
                .filter(r -> id.key().equals(r.key()))
                .map(ConsumerRecord::value)
                .map(EventCodec::decode)
                .filter(e -> wanted.equals(e.type()))
                .map(e -> EventCodec.dataAs(e, type))
                .toList();
    }

    public static <T extends EventData> Optional<T> last(
            ConsumerTask<String, String> task, DeploymentId id, Class<T> type) {
        List<T> all = received(task, id, type);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
