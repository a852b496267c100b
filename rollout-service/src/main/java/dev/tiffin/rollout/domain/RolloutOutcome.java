package dev.tiffin.rollout.domain;

import dev.tiffin.contracts.events.data.EventData;
import java.time.Instant;
import java.util.List;

/**
 * What the executor does after one decision, in this order: persist {@code record} when {@code persist} (or forget the
 * deployment when it is null), set the replicas of {@code writes}, delete the workloads of {@code deletions} (or every
 * object of the deployment when {@code removeEverything}), publish {@code events}; then decide again at
 * {@code wakeAt} at the latest (the progress deadline), if it is not null; remember {@code memory} for the next one.
 */
public record RolloutOutcome(
        RolloutRecord record,
        boolean persist,
        List<ReplicaWrite> writes,
        List<WorkloadRef> deletions,
        boolean removeEverything,
        List<OutgoingEvent> events,
        Instant wakeAt,
        EngineMemory memory) {

    public RolloutOutcome(
            RolloutRecord record,
            boolean persist,
            List<ReplicaWrite> writes,
            List<WorkloadRef> deletions,
            boolean removeEverything,
            List<OutgoingEvent> events,
            Instant wakeAt) {
        this(record, persist, writes, deletions, removeEverything, events, wakeAt, EngineMemory.EMPTY);
    }

    public RolloutOutcome {
        writes = List.copyOf(writes);
        deletions = List.copyOf(deletions);
        events = List.copyOf(events);
    }

    /** The replicas of one revision's workload of a component. */
    public record ReplicaWrite(String kubeName, int revision, int replicas) {}

    /** One revision's workload of a component. */
    public record WorkloadRef(String kubeName, int revision) {}

    /**
     * An event with the seed of its id: the same decision made twice (after a restart) yields the same id, so
     * consumers that remember ids see it once. A null seed: a fresh id (observations such as replicas changed).
     */
    public record OutgoingEvent(String idSeed, EventData data) {}
}
