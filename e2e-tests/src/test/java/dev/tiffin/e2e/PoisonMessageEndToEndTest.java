package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A message no consumer can read, on each topic the services consume, goes to that topic's dead-letter topic and is
 * counted by every service that met it; no consumer stops, and the system goes on deploying.
 */
@Order(75)
class PoisonMessageEndToEndTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void unreadableMessagesAreDeadLetteredAndNothingStops() throws Exception {
        TiffinStack stack = TiffinStack.get();
        String key = Scenarios.key(Scenarios.unique("poison"));

        // When an unreadable record arrives on every topic a service consumes
        sendUnreadable(stack, key);

        // Then each lands on its dead-letter topic
        for (String topic : List.of(Topics.DEPLOYMENT_EVENTS, Topics.DEPLOYMENT_REQUESTS, Topics.METRICS)) {
            await(topic + " dead-lettered")
                    .atMost(Scenarios.WAIT)
                    .ignoreExceptions()
                    .until(() -> keysOn(stack, Topics.dlq(topic)).contains(key));
        }
        // and every service that consumes tiffin.deployment.events counted it
        Map<ServiceProcess, String> counters = Map.of(
                stack.deploymentService, "tiffin_deployment_messages_dead_lettered_total",
                stack.rolloutService, "tiffin_rollout_messages_dead_lettered_total",
                stack.autoscalerService, "tiffin_autoscaler_messages_dead_lettered_total",
                stack.trafficService, "tiffin_traffic_messages_dead_lettered_total");
        for (Map.Entry<ServiceProcess, String> counter : counters.entrySet()) {
            await(counter.getValue())
                    .atMost(Scenarios.WAIT)
                    .until(() -> sum(counter.getKey(), counter.getValue()) >= 1);
        }

        // and the system goes on: a new deployment rolls out
        String name = Scenarios.unique("after-poison");
        Scenarios.createRunning(stack, Scenarios.publicSpec(name, "v1", "RollingUpdate", Scenarios.fixedReplicas(1)));
        assertThat(DataPlane.post(stack.endpoint(name) + "/classify", null).statusCode())
                .isEqualTo(200);
    }

    /** Sends a record no consumer can read, under {@code key}, to every topic the services consume. */
    static void sendUnreadable(TiffinStack stack, String key) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String topic : List.of(Topics.DEPLOYMENT_EVENTS, Topics.DEPLOYMENT_REQUESTS, Topics.METRICS)) {
                producer.send(new ProducerRecord<>(topic, key, "{this is not an event"))
                        .get();
            }
        }
    }

    /** The keys of every record on a topic so far. */
    private static List<String> keysOn(TiffinStack stack, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    keys.add(r.key());
                }
            }
        }
        return keys;
    }

    /** The sum of a counter's series on a service's {@code /q/metrics}. */
    private static double sum(ServiceProcess service, String metric) throws Exception {
        String body = HTTP.send(
                        HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return body.lines()
                .filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
