package dev.tiffin.traffic.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One timer per event loop for the response-start deadlines: every armed entry is told once, removed ones never. */
class DeadlinesTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final List<String> passed = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Named extends Deadlines.Entry {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        void deadlinePassed() {
            passed.add(name);
        }
    }

    @Test
    void entriesOfSeveralTimeoutsAreToldInDeadlineOrderAndRemovedOnesNever() {
        // Given entries in two lanes (300 ms and 50 ms), added in that order, and one removed before its deadline
        long ms = 1_000_000L;
        Named slowA = new Named("slow-a");
        Named slowB = new Named("slow-b");
        Named fast = new Named("fast");
        Named finished = new Named("finished");
        loop.execute(() -> {
            Deadlines deadlines = new Deadlines(loop);
            long now = System.nanoTime();
            deadlines.add(slowA, 300 * ms, now);
            deadlines.add(finished, 300 * ms, now);
            deadlines.add(slowB, 300 * ms, now + 1);
            deadlines.add(fast, 50 * ms, now);
            deadlines.remove(finished);
            deadlines.remove(finished); // twice is harmless
        });

        // Then the shorter deadline passes first, the lane in its order, and the removed entry is never told
        await().atMost(Duration.ofSeconds(10)).until(() -> passed.size() >= 3);
        assertThat(passed).containsExactly("fast", "slow-a", "slow-b");
        assertThat(slowA.armed()).isFalse();
        assertThat(finished.armed()).isFalse();
    }

    @Test
    void anEntryAddedAfterTheTimerFiredIsToldToo() {
        // Given a deadline that passed (the timer fired and nothing else was armed)
        long ms = 1_000_000L;
        Deadlines[] deadlines = new Deadlines[1];
        loop.execute(() -> {
            deadlines[0] = new Deadlines(loop);
            deadlines[0].add(new Named("first"), 20 * ms, System.nanoTime());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> passed.contains("first"));

        // When another entry is added later
        loop.execute(() -> deadlines[0].add(new Named("second"), 20 * ms, System.nanoTime()));

        // Then it is told as well
        await().atMost(Duration.ofSeconds(10)).until(() -> passed.contains("second"));
        assertThat(passed).containsExactly("first", "second");
    }
}
