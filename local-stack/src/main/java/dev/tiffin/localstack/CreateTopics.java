package dev.tiffin.localstack;

import dev.tiffin.contracts.events.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics of {@link TopicSpec#all()} that do not exist yet on a broker. Idempotent.
 *
 * <p>Usage: {@code java -cp "local-stack/target/kafka-libs/*:local-stack/target/tiffin-local-stack.jar"
 * dev.tiffin.localstack.CreateTopics 127.0.0.1:9092}. Exit status 0 when every topic exists afterwards.
 */
public final class CreateTopics {

    private CreateTopics() {}

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        try {
            create(bootstrap);
        } catch (Exception e) {
            System.err.println("creating the Tiffin topics on " + bootstrap + " failed: " + e);
            System.exit(1);
        }
    }

    static void create(String bootstrap) throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (TopicSpec spec : TopicSpec.all()) {
                if (existing.contains(spec.name())) {
                    System.out.printf("topic %s exists%n", spec.name());
                    continue;
                }
                NewTopic topic = new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs());
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    System.out.printf(
                            "topic %s created (%d partitions%s)%n",
                            spec.name(), spec.partitions(), spec.configs().isEmpty() ? "" : ", " + spec.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    System.out.printf("topic %s exists%n", spec.name());
                }
            }
        }
    }
}
