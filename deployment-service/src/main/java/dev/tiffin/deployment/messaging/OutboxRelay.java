package dev.tiffin.deployment.messaging;

import dev.tiffin.deployment.config.DeploymentMetrics;
import dev.tiffin.deployment.persistence.OutboxEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox. One thread of its own: woken by {@link #signal()} right after a transaction that wrote
 * events commits, and every sweep interval anyway (what a crash between commit and publish left behind). It sends the
 * oldest unpublished rows in outbox order (key = deployment id, acks=all, idempotent producer: per-deployment order
 * holds), waits for the broker's acks, and marks the acknowledged rows published. A row that failed stays unpublished
 * and is sent again by the next round: delivery is at least once, consumers deduplicate by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final MutinyEmitter<String> emitter;
    private final DeploymentMetrics metrics;
    private final Clock clock;
    private final Duration sweepInterval;
    private final int batchSize;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private ExecutorService thread;

    public OutboxRelay(
            @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<String> emitter,
            DeploymentMetrics metrics,
            Clock clock,
            @ConfigProperty(name = "tiffin.outbox.sweep-interval", defaultValue = "1s") Duration sweepInterval,
            @ConfigProperty(name = "tiffin.outbox.batch-size", defaultValue = "100") int batchSize) {
        this.emitter = emitter;
        this.metrics = metrics;
        this.clock = clock;
        this.sweepInterval = sweepInterval;
        this.batchSize = batchSize;
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tiffin-outbox-relay");
            t.setDaemon(true);
            return t;
        });
        thread.submit(this::loop);
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        wakeUp.release();
        if (thread != null) {
            thread.shutdown();
        }
    }

    /** Wakes the relay: events were committed to the outbox. */
    public void signal() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    private void loop() {
        while (running) {
            try {
                wakeUp.tryAcquire(sweepInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
                if (!running) {
                    return;
                }
                while (running && publishBatch() == batchSize) {
                    // a full batch: there may be more
                }
                metrics.outboxBacklog(
                        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(OutboxEntity::backlog)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                if (running) {
                    LOG.warnf("outbox relay round failed (retried at the next sweep): %s", t.toString());
                }
            }
        }
    }

    /** Publishes the oldest unpublished rows; the number of rows it found. */
    int publishBatch() throws Throwable {
        List<OutboxEntity> rows = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> OutboxEntity.unpublished(batchSize)));
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxEntity row : rows) {
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(row.topic)
                    .withKey(row.messageKey)
                    .build();
            acks.add(emitter.sendMessage(Message.of(row.payload).addMetadata(metadata))
                    .subscribeAsCompletionStage());
        }
        List<Long> published = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(30, TimeUnit.SECONDS);
                published.add(rows.get(i).id);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("outbox row %d not acknowledged (retried later): %s", rows.get(i).id, e.toString());
            }
        }
        if (!published.isEmpty()) {
            VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withTransaction(() -> OutboxEntity.markPublished(published, clock.instant())));
            metrics.outboxPublished(published.size());
        }
        return rows.size();
    }
}
