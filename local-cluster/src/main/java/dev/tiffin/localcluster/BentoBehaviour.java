package dev.tiffin.localcluster;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the simulator runs the pods of one Bento version.
 *
 * @param startupDelayMs time from Running to Ready
 * @param neverReady the pod runs but {@code /readyz} never answers 200 and the pod never becomes Ready
 * @param crashAfterSeconds when &gt; 0 the container "crashes" this long after becoming ready: it turns unready, its
 *     restart count goes up and it starts up again (a crash loop); 0 = never
 * @param latencyMs time a POST takes to answer
 * @param capacity requests served concurrently; further requests wait for a slot (queueing adds latency)
 * @param cpuPerRequestMillicores CPU a request in flight costs (see {@link StandInBento#averageConcurrency})
 * @param memoryBytes memory a pod reports at rest; each request in flight adds {@link #MEMORY_PER_REQUEST_BYTES}
 */
public record BentoBehaviour(
        long startupDelayMs,
        boolean neverReady,
        long crashAfterSeconds,
        long latencyMs,
        int capacity,
        long cpuPerRequestMillicores,
        long memoryBytes) {

    public static final long MEMORY_PER_REQUEST_BYTES = 16L * 1024 * 1024;

    public static final BentoBehaviour DEFAULT = new BentoBehaviour(2000, false, 0, 20, 8, 100, 256L * 1024 * 1024);

    public BentoBehaviour {
        if (startupDelayMs < 0 || crashAfterSeconds < 0 || latencyMs < 0 || capacity < 1) {
            throw new IllegalArgumentException("invalid behaviour: delays must be >= 0 and capacity >= 1");
        }
    }

    public BentoBehaviour withStartupDelayMs(long value) {
        return new BentoBehaviour(
                value, neverReady, crashAfterSeconds, latencyMs, capacity, cpuPerRequestMillicores, memoryBytes);
    }

    public BentoBehaviour withLatencyMs(long value) {
        return new BentoBehaviour(
                startupDelayMs, neverReady, crashAfterSeconds, value, capacity, cpuPerRequestMillicores, memoryBytes);
    }

    /** This behaviour with the fields present in {@code node} (a JSON object) replaced; absent fields are kept. */
    public BentoBehaviour overriddenBy(JsonNode node) {
        if (node == null || !node.isObject()) {
            return this;
        }
        return new BentoBehaviour(
                node.path("startupDelayMs").asLong(startupDelayMs),
                node.path("neverReady").asBoolean(neverReady),
                node.path("crashAfterSeconds").asLong(crashAfterSeconds),
                node.path("latencyMs").asLong(latencyMs),
                node.path("capacity").asInt(capacity),
                node.path("cpuPerRequestMillicores").asLong(cpuPerRequestMillicores),
                node.path("memoryBytes").asLong(memoryBytes));
    }
}
