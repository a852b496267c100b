package dev.tiffin.rollout.domain;

import dev.tiffin.contracts.events.data.ReplicasChanged;
import java.util.Map;

/**
 * What the executor remembers between two decisions, in memory only: the last observed state of each component (to
 * tell progress, which resets the deadline) and the replicas last reported (a replicas-changed event goes out only on
 * a change). Empty after a restart, which is why the engine then re-publishes a pending step's event (same id).
 */
public record EngineMemory(Map<String, RolloutState> states, Map<String, ReplicasChanged> reported) {

    public static final EngineMemory EMPTY = new EngineMemory(Map.of(), Map.of());

    public EngineMemory {
        states = Map.copyOf(states);
        reported = Map.copyOf(reported);
    }

    public boolean fresh() {
        return states.isEmpty();
    }
}
