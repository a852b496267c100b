package dev.tiffin.testsupport;

/**
 * The optional Docker path: a Kafka container from Testcontainers ({@code org.testcontainers:testcontainers-kafka},
 * added only by the Maven profile {@code testcontainers}). Reached by reflection so that the default build, which has
 * no Docker, does not depend on Testcontainers at all. The image's Kafka version matches the client jars.
 */
final class TestcontainersKafka {

    static final String IMAGE = "apache/kafka:4.1.2";

    private TestcontainersKafka() {}

    static String start() {
        try {
            Class<?> type = Class.forName("org.testcontainers.kafka.KafkaContainer");
            Object container = type.getConstructor(String.class).newInstance(IMAGE);
            type.getMethod("start").invoke(container);
            Object stop = container;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    type.getMethod("stop").invoke(stop);
                } catch (ReflectiveOperationException e) {
                    // the JVM is exiting; Testcontainers' reaper removes the container anyway
                }
            }));
            return (String) type.getMethod("getBootstrapServers").invoke(container);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "tiffin.test.kafka.provider=testcontainers needs the Maven profile -Ptestcontainers", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Kafka container did not start (is Docker running?)", e);
        }
    }
}
