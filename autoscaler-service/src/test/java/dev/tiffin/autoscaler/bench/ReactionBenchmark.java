package dev.tiffin.autoscaler.bench;

import dev.tiffin.autoscaler.Events;
import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.MetricSampled;
import dev.tiffin.contracts.events.data.ReplicasChanged;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.testsupport.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reaction of the live autoscaler over real Kafka: from a metric sample published on {@code tiffin.metrics} to the
 * {@code ScalingDecided} it causes, read back from {@code tiffin.deployment.events} (p50/p90/p99/max, printed). Not a
 * test. Each of {@code --deployments} deployments (qps target 10 per replica, fast up and down, no window) gets a
 * sample every {@code --period-ms} alternating 40 and 2 requests/s (1 ready replica: 4 then 1 replicas), so every
 * sample changes the desired count; the
 * period is above the autoscaler's one-evaluation-per-second limit, so no sample waits for it.
 *
 * <p>Without {@code --bootstrap}, it starts an embedded Kafka broker and the packaged autoscaler-service ({@code
 * autoscaler-service/target/quarkus-app/quarkus-run.jar}) as a separate process; with it, it uses the broker (and the
 * autoscaler-service) of a running stack. Run it with {@code bin/tiffin-bench-autoscaler reaction}.
 *
 * <p>{@code --warmup-deployments N} adds N deployments that get samples the same way during the warm-up only: a
 * fresh broker and fresh Kafka clients run interpreted for their first thousands of records (a hop through a cold
 * broker here takes 6–8 ms at the median, a warm one under 2 ms), while a broker and a service that have run for a
 * while are compiled. The warm-up fleet brings the broker, the service's consumer and producer and the benchmark's
 * own clients to that steady state before the measured deployments are timed.
 */
public final class ReactionBenchmark {

    private ReactionBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of(
                "--deployments",
                "100",
                "--seconds",
                "30",
                "--warmup",
                "10",
                "--period-ms",
                "1500",
                "--warmup-deployments",
                "0"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int deployments = Integer.parseInt(options.get("--deployments"));
        int seconds = Integer.parseInt(options.get("--seconds"));
        int warmup = Integer.parseInt(options.get("--warmup"));
        long period = Long.parseLong(options.get("--period-ms"));
        int warmupDeployments = Integer.parseInt(options.get("--warmup-deployments"));
        String bootstrap = options.get("--bootstrap");
        Process service = null;
        if (bootstrap == null) {
            bootstrap = EmbeddedKafka.bootstrapServers();
            service = startService(
                    bootstrap,
                    options.getOrDefault("--jar", "autoscaler-service/target/quarkus-app/quarkus-run.jar"),
                    options.getOrDefault("--service-java-options", ""));
        }
        try {
            run(bootstrap, deployments, warmupDeployments, seconds, warmup, period);
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor(10, TimeUnit.SECONDS);
            }
        }
        System.exit(0);
    }

    private static Process startService(String bootstrap, String jar, String javaOptions) throws Exception {
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException(
                    jar + " not found: ./mvnw -B -q -pl autoscaler-service package -DskipTests");
        }
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
        for (String option : javaOptions.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option); // e.g. -XX:StartFlightRecording=filename=service.jfr to profile the service
            }
        }
        command.addAll(List.of("-jar", jar));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        pb.environment().put("QUARKUS_HTTP_PORT", "0");
        pb.environment().put("TIFFIN_AUTOSCALER_COLLECT_ENABLED", "false");
        pb.environment().put("QUARKUS_LOG_LEVEL", "WARN");
        pb.redirectErrorStream(true)
                .redirectOutput(
                        Path.of("autoscaler-service/target/bench-service.log").toFile());
        System.out.println("started autoscaler-service (log: autoscaler-service/target/bench-service.log)");
        return pb.start();
    }

    private static void run(
            String bootstrap, int deployments, int warmupDeployments, int seconds, int warmup, long period)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.ACKS_CONFIG,
                "1");
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "reaction-bench-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                5);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> sentAtMillis = new ConcurrentHashMap<>();
        List<Long> reactions = new ArrayList<>();
        List<Long> serviceSide = new ArrayList<>();
        Map<String, int[]> decided = new ConcurrentHashMap<>();
        try (KafkaProducer<String, String> producer =
                        new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> consumer =
                        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.DEPLOYMENT_EVENTS));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            List<DeploymentId> ids = new ArrayList<>();
            List<DeploymentId> warmIds = new ArrayList<>();
            for (int d = 0; d < deployments + warmupDeployments; d++) {
                DeploymentId id = new DeploymentId("local", "bench", "r" + run + "-" + d);
                (d < deployments ? ids : warmIds).add(id);
                send(
                        producer,
                        id,
                        Events.revision(
                                id,
                                1,
                                "{\"name\":\"" + id.name() + "\",\"bento\":\"iris:1\",\"api_server\":{\"autoscaling\":"
                                        + "{\"min_replicas\":1,\"max_replicas\":100,\"metrics\":[{\"type\":\"qps\",\"value\":10}],"
                                        + "\"scale_up\":{\"behavior\":\"fast\"},\"scale_down\":{\"behavior\":\"fast\"}}}}",
                                List.of()));
                send(producer, id, new ReplicasChanged(id, 1, "api-server", 1, 1, 1));
            }
            producer.flush();
            String decidedType = EventType.SCALING_DECIDED.type();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(warmup + seconds);
            long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
            long next = start;
            int round = 0;
            int samples = 0;
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= next) {
                    double qps = round % 2 == 0 ? 40 : 2;
                    List<DeploymentId> targets = new ArrayList<>(ids);
                    if (System.nanoTime() < measureFrom) {
                        targets.addAll(warmIds); // the warm-up fleet runs only until the measurement starts
                    }
                    for (DeploymentId id : targets) {
                        long t = System.nanoTime();
                        sentAt.put(id.key(), t);
                        sentAtMillis.put(id.key(), System.currentTimeMillis());
                        send(
                                producer,
                                id,
                                new MetricSampled(
                                        id, "api-server", "traffic-service", 1.0, Map.of("qps", qps), Instant.now()));
                        samples++;
                    }
                    round++;
                    next += TimeUnit.MILLISECONDS.toNanos(period);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(2))) {
                    long received = System.nanoTime();
                    Long sent = sentAt.get(r.key());
                    if (sent == null || !r.value().contains(decidedType)) {
                        continue;
                    }
                    CloudEvent event = EventCodec.decode(r.value());
                    if (!decidedType.equals(event.type())) {
                        continue;
                    }
                    decided.computeIfAbsent(r.key(), k -> new int[1])[0]++;
                    if (sent >= measureFrom) {
                        reactions.add(received - sent);
                        serviceSide.add((r.timestamp() - sentAtMillis.get(r.key())) * 1_000_000L);
                    }
                }
            }
            long[] sorted =
                    reactions.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "deployments=%d, period=%d ms, measured %d s after %d s warm-up (%d more deployments during it):"
                            + " %d samples sent, %d decisions measured%n",
                    deployments, period, seconds, warmup, warmupDeployments, samples, sorted.length);
            if (sorted.length > 0) {
                System.out.printf(
                        "sample -> scaling decision: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
                long[] service =
                        serviceSide.stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf(
                        "  of which sample sent -> decision sent by the autoscaler (record timestamps, ms resolution):"
                                + " p50 %.0f ms, p90 %.0f ms, p99 %.0f ms%n",
                        ms(service, 0.50), ms(service, 0.90), ms(service, 0.99));
            }
        }
    }

    private static double ms(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static void send(KafkaProducer<String, String> producer, DeploymentId id, EventData data) {
        CloudEvent event = EventCodec.wrap("tiffin/bench", id.key(), data, Clock.systemUTC());
        producer.send(new ProducerRecord<>(EventType.of(data.getClass()).topic(), id.key(), EventCodec.encode(event)));
    }
}
