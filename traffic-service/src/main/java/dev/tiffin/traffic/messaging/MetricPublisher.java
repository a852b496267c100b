package dev.tiffin.traffic.messaging;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.data.ActivationRequested;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.MetricSampled;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.traffic.TrafficConfig;
import dev.tiffin.traffic.proxy.ActivationSink;
import dev.tiffin.traffic.proxy.ComponentGate;
import dev.tiffin.traffic.proxy.LiveRoute;
import dev.tiffin.traffic.proxy.RouteRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Metering for the autoscaler: every {@code tiffin.traffic.metrics-interval} (1 s) one {@code MetricSampled} per
 * routed component on {@code tiffin.metrics} (source {@code traffic-service}: {@code qps}, {@code in_flight},
 * {@code queue_depth}, {@code rejected}), and one {@code ActivationRequested} per cold start. Key = deployment id. The
 * CloudEvent {@code source} names this instance ({@code tiffin/traffic-service/<instance>}), so that a consumer can
 * add up the samples of several instances.
 */
@ApplicationScoped
public class MetricPublisher implements ActivationSink {

    public static final String SOURCE_NAME = "traffic-service";
    private static final Logger LOG = Logger.getLogger(MetricPublisher.class);

    @Inject
    @Channel("metrics")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<String> emitter;

    @Inject
    RouteRegistry registry;

    @Inject
    TrafficConfig config;

    @Inject
    Clock clock;

    private String source;
    private ScheduledExecutorService sampler;
    private long lastSample;
    private final AtomicInteger unpublished = new AtomicInteger();

    void start(@Observes StartupEvent event) {
        source = "tiffin/" + SOURCE_NAME + "/" + config.instanceId().orElseGet(MetricPublisher::hostName);
        lastSample = System.nanoTime();
        // its own thread, not an event loop: with thousands of routed components a round of samples takes
        // milliseconds of encoding, and the Kafka producer may block while it fetches metadata (at start-up)
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "traffic-metric-sampler");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(10, config.metricsInterval().toMillis());
        sampler.scheduleAtFixedRate(this::sampleRound, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    private void sampleRound() {
        try {
            sampleAll();
        } catch (RuntimeException e) {
            LOG.warnf(e, "a round of metric samples failed");
        }
        int lost = unpublished.getAndSet(0);
        if (lost > 0) {
            LOG.warnf("%d metric events not published in the last round (Kafka not reachable or too slow)", lost);
        }
    }

    void sampleAll() {
        long now = System.nanoTime();
        double elapsed = Math.max(1e-3, (now - lastSample) / 1e9);
        lastSample = now;
        double window = config.metricsInterval().toMillis() / 1000.0;
        for (LiveRoute route : registry.routes()) {
            for (ComponentGate gate : route.gates().values()) {
                ComponentGate.Sample s = gate.sample();
                Map<String, Double> values = new LinkedHashMap<>();
                values.put("qps", s.arrivals() / elapsed);
                values.put("in_flight", (double) s.inFlight());
                values.put("queue_depth", (double) s.waiting());
                values.put("rejected", (double) s.rejected());
                send(
                        gate.deployment(),
                        new MetricSampled(
                                gate.deployment(), gate.component(), SOURCE_NAME, window, values, clock.instant()));
            }
        }
    }

    @Override
    public void requested(ComponentGate gate) {
        gate.meters().activation();
        int held = gate.waiting();
        LOG.infof("cold start of %s/%s: activation requested (%d held)", gate.deployment(), gate.component(), held);
        send(gate.deployment(), new ActivationRequested(gate.deployment(), gate.component(), held));
    }

    private void send(DeploymentId key, EventData data) {
        CloudEvent event = EventCodec.wrap(source, key.key(), data, clock);
        Message<String> message = Message.of(EventCodec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key.key())
                        .build());
        try {
            emitter.sendMessageAndForget(message);
        } catch (RuntimeException e) {
            // counted and logged once per round: with many components one failure is rarely alone
            unpublished.incrementAndGet();
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return UUID.randomUUID().toString();
        }
    }
}
