package dev.tiffin.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at this JVM's real Kafka broker ({@link EmbeddedKafka}) and injects a
 * SmallRye {@link KafkaCompanion} into test fields annotated with {@link InjectKafkaCompanion}.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(KafkaTestResource.class)
 * class RequestsConsumerTest {
 *     @InjectKafkaCompanion KafkaCompanion companion;
 * }
 * }</pre>
 *
 * <p>The broker outlives the test application: it is shared by every test class of the JVM and stopped at JVM exit.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private KafkaCompanion companion;

    @Override
    public Map<String, String> start() {
        String bootstrap = EmbeddedKafka.bootstrapServers();
        companion = new KafkaCompanion(bootstrap);
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.log.category.\"kafka\".level", "WARN",
                "quarkus.log.category.\"org.apache.kafka\".level", "WARN",
                "quarkus.log.category.\"state.change.logger\".level", "WARN");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                companion, new TestInjector.AnnotatedAndMatchesType(InjectKafkaCompanion.class, KafkaCompanion.class));
    }

    @Override
    public void stop() {
        if (companion != null) {
            companion.close();
            companion = null;
        }
        // the broker is shared by the whole JVM; its shutdown hook stops it
    }
}
