package dev.tiffin.gateway.messaging;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.UnreadableEventException;
import dev.tiffin.contracts.events.data.StatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * This instance's view of {@code tiffin.deployment.events}: it completes the writes waiting for their verdict (by
 * {@code data.request_id}) or for a status (by deployment id), and feeds the live event streams (SSE).
 */
@ApplicationScoped
public class EventHub {

    private static final Logger LOG = Logger.getLogger(EventHub.class);

    private final Map<String, CompletableFuture<CloudEvent>> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Set<StatusWatch>> statusWatches = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<CloudEvent>>> listeners = new ConcurrentHashMap<>();

    /** Dispatches one event read from the topic. */
    public void dispatch(CloudEvent event) {
        if (EventType.DEPLOYMENT_ACCEPTED.type().equals(event.type())
                || EventType.DEPLOYMENT_REJECTED.type().equals(event.type())) {
            String requestId = event.data().path("request_id").asText(null);
            CompletableFuture<CloudEvent> waiter = requestId == null ? null : verdicts.remove(requestId);
            if (waiter != null) {
                waiter.complete(event);
            }
        } else if (EventType.STATUS_CHANGED.type().equals(event.type()) && event.subject() != null) {
            Set<StatusWatch> watches = statusWatches.get(event.subject());
            if (watches != null && !watches.isEmpty()) {
                try {
                    StatusChanged status = EventCodec.dataAs(event, StatusChanged.class);
                    watches.forEach(w -> w.offer(status));
                } catch (UnreadableEventException e) {
                    LOG.debugf("unreadable status event %s: %s", event.id(), e.getMessage());
                }
            }
        }
        if (event.subject() != null) {
            Set<Consumer<CloudEvent>> subscribers = listeners.get(event.subject());
            if (subscribers != null) {
                subscribers.forEach(l -> l.accept(event));
            }
        }
    }

    /** A future completed with the verdict of {@code requestId}; register it before publishing the request. */
    public CompletableFuture<CloudEvent> expectVerdict(String requestId) {
        return verdicts.computeIfAbsent(requestId, id -> new CompletableFuture<>());
    }

    public void forgetVerdict(String requestId) {
        verdicts.remove(requestId);
    }

    /** Starts collecting the status changes of a deployment; {@link StatusWatch#close()} it when done. */
    public StatusWatch watchStatus(String deploymentKey) {
        StatusWatch watch = new StatusWatch();
        watch.onClose = () -> remove(statusWatches, deploymentKey, watch);
        statusWatches
                .computeIfAbsent(deploymentKey, k -> new CopyOnWriteArraySet<>())
                .add(watch);
        return watch;
    }

    /** Calls {@code listener} with every event of the deployment from now on, until the returned handle runs. */
    public Runnable listen(String deploymentKey, Consumer<CloudEvent> listener) {
        listeners
                .computeIfAbsent(deploymentKey, k -> new CopyOnWriteArraySet<>())
                .add(listener);
        return () -> remove(listeners, deploymentKey, listener);
    }

    private static <T> void remove(Map<String, Set<T>> map, String key, T value) {
        map.computeIfPresent(key, (k, set) -> {
            set.remove(value);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Status changes of one deployment: buffered until {@link #arm(Predicate)} says which one ends the wait (the
     * condition depends on the verdict, which may come after the first status change).
     */
    public static final class StatusWatch implements AutoCloseable {

        private final List<StatusChanged> seen = new ArrayList<>();
        private final CompletableFuture<StatusChanged> result = new CompletableFuture<>();
        private Predicate<StatusChanged> condition;
        private volatile Runnable onClose;

        private StatusWatch() {}

        synchronized void offer(StatusChanged status) {
            if (condition == null) {
                seen.add(status);
            } else if (condition.test(status)) {
                result.complete(status);
            }
        }

        /** The first status change, seen so far or to come, that satisfies {@code condition}. */
        public synchronized CompletableFuture<StatusChanged> arm(Predicate<StatusChanged> condition) {
            this.condition = condition;
            seen.stream().filter(condition).findFirst().ifPresent(result::complete);
            seen.clear();
            return result;
        }

        @Override
        public void close() {
            if (onClose != null) {
                onClose.run();
            }
        }
    }
}
