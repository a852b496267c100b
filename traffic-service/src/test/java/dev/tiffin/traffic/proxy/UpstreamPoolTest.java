package dev.tiffin.traffic.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.traffic.domain.ComponentPolicy;
import dev.tiffin.traffic.domain.ComponentQueue;
import dev.tiffin.traffic.domain.Replica;
import dev.tiffin.traffic.domain.ReplicaAddress;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The idle keep-alive connections of one event loop: most recently used first, never older than the idle timeout. */
class UpstreamPoolTest {

    private static final long IDLE = 4_000_000_000L;

    private final Replica replica = replica();
    private final UpstreamPool pool = new UpstreamPool(2, IDLE);

    @Test
    void the_most_recently_used_connection_comes_back_first() {
        EmbeddedChannel older = channel();
        EmbeddedChannel newer = channel();
        pool.give(connection(older), 100);
        pool.give(connection(newer), 200);

        assertThat(pool.take(replica, 300)).isSameAs(connection(newer));
        assertThat(pool.take(replica, 300)).isSameAs(connection(older));
        assertThat(pool.take(replica, 300)).isNull();
    }

    @Test
    void a_connection_idle_for_the_timeout_is_closed_instead_of_reused() {
        EmbeddedChannel ch = channel();
        pool.give(connection(ch), 0);

        assertThat(pool.take(replica, IDLE)).isNull();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void one_just_under_the_timeout_is_still_reused() {
        EmbeddedChannel ch = channel();
        pool.give(connection(ch), 0);

        assertThat(pool.take(replica, IDLE - 1)).isSameAs(connection(ch));
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void the_sweep_closes_connections_at_the_timeout_and_keeps_the_younger_ones() {
        EmbeddedChannel old = channel();
        EmbeddedChannel young = channel();
        pool.give(connection(old), 0);
        pool.give(connection(young), IDLE / 2);

        pool.sweep(IDLE);

        assertThat(old.isOpen()).isFalse();
        assertThat(young.isOpen()).isTrue();
        assertThat(pool.take(replica, IDLE)).isSameAs(connection(young));
    }

    @Test
    void a_connection_the_replica_closed_is_skipped_and_the_pool_keeps_at_most_its_size() {
        EmbeddedChannel closed = channel();
        pool.give(connection(closed), 0);
        closed.close();
        assertThat(pool.take(replica, 1)).isNull();

        EmbeddedChannel a = channel();
        EmbeddedChannel b = channel();
        EmbeddedChannel c = channel();
        pool.give(connection(a), 1);
        pool.give(connection(b), 2);
        pool.give(connection(c), 3);
        assertThat(c.isOpen()).as("beyond the pool's size of 2").isFalse();
        assertThat(a.isOpen()).isTrue();
        assertThat(b.isOpen()).isTrue();
    }

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new UpstreamConnection(replica));
    }

    private static UpstreamConnection connection(EmbeddedChannel ch) {
        return ch.pipeline().get(UpstreamConnection.class);
    }

    private static Replica replica() {
        ComponentQueue<Object> queue = new ComponentQueue<>(ComponentPolicy.DEFAULT, new SplittableRandom(1));
        queue.setReplicas(List.of(new ReplicaAddress("127.0.0.1", 3000)), new ArrayList<>());
        return queue.replicas().get(0);
    }
}
