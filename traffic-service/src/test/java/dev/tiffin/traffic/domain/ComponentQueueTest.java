package dev.tiffin.traffic.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.traffic.domain.ComponentQueue.Admission;
import dev.tiffin.traffic.domain.ComponentQueue.Dispatch;
import dev.tiffin.traffic.domain.ComponentQueue.Expired;
import dev.tiffin.traffic.domain.ComponentQueue.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ComponentQueueTest {

    private static final ReplicaAddress A = new ReplicaAddress("10.0.0.1", 3000);
    private static final ReplicaAddress B = new ReplicaAddress("10.0.0.2", 3000);
    private static final ReplicaAddress C = new ReplicaAddress("10.0.0.3", 3000);

    private static ComponentPolicy policy(int maxQueue, int maxConcurrency) {
        return new ComponentPolicy(Duration.ofSeconds(60), maxQueue, maxConcurrency);
    }

    private static ComponentQueue<String> queue(ComponentPolicy policy, ReplicaAddress... replicas) {
        ComponentQueue<String> q = new ComponentQueue<>(policy, new SplittableRandom(42));
        List<Dispatch<String>> none = new ArrayList<>();
        q.setReplicas(List.of(replicas), none);
        assertThat(none).isEmpty();
        return q;
    }

    @Test
    void waitingRequestsAreDispatchedInArrivalOrderAsCapacityFrees() {
        // Given one replica that takes one request at a time
        ComponentQueue<String> q = queue(policy(ComponentPolicy.UNLIMITED, 1), A);
        Admission<String> first = q.admit("r1", 0);
        List<Outcome> later = new ArrayList<>();
        for (int i = 2; i <= 5; i++) {
            later.add(q.admit("r" + i, i).outcome());
        }

        // When the replica finishes one request after the other
        List<String> order = new ArrayList<>();
        Replica replica = first.replica();
        for (int i = 0; i < 4; i++) {
            List<Dispatch<String>> out = new ArrayList<>();
            q.release(replica, out);
            assertThat(out).hasSize(1);
            order.add(out.get(0).waiter());
            replica = out.get(0).replica();
        }

        // Then
        assertThat(first.outcome()).isEqualTo(Outcome.DISPATCHED);
        assertThat(later).containsOnly(Outcome.QUEUED);
        assertThat(order).containsExactly("r2", "r3", "r4", "r5");
        assertThat(q.waiting()).isZero();
        assertThat(q.inFlight()).isEqualTo(1);
    }

    @Test
    void aNewRequestNeverOvertakesWaitingOnes() {
        // Given two replicas of concurrency 1, both busy, one request waiting
        ComponentQueue<String> q = queue(policy(ComponentPolicy.UNLIMITED, 1), A, B);
        Replica busy = q.admit("r1", 0).replica();
        q.admit("r2", 0);
        q.admit("r3", 0);

        // When a slot frees and a new request arrives right after
        List<Dispatch<String>> out = new ArrayList<>();
        q.release(busy, out);
        Admission<String> r4 = q.admit("r4", 1);

        // Then the waiting one got the slot, the newcomer waits
        assertThat(out).extracting(Dispatch::waiter).containsExactly("r3");
        assertThat(r4.outcome()).isEqualTo(Outcome.QUEUED);
    }

    @Test
    void aFullQueueRejectsAtOnceAndNeverGrowsBeyondMaxQueue() {
        // Given max_queue 3 on a busy replica
        ComponentQueue<String> q = queue(policy(3, 1), A);
        q.admit("in-flight", 0);

        // When a burst of 20 arrives
        Map<Outcome, Long> outcomes = new java.util.EnumMap<>(Outcome.class);
        for (int i = 0; i < 20; i++) {
            outcomes.merge(q.admit("burst" + i, i).outcome(), 1L, Long::sum);
        }

        // Then
        assertThat(outcomes).containsEntry(Outcome.QUEUED, 3L).containsEntry(Outcome.REJECTED, 17L);
        assertThat(q.waiting()).isEqualTo(3);
        assertThat(q.highWater()).isEqualTo(3);
    }

    @Test
    void maxQueueZeroMeansNoWaiting() {
        ComponentQueue<String> q = queue(policy(0, 1), A);
        assertThat(q.admit("r1", 0).outcome()).isEqualTo(Outcome.DISPATCHED);
        assertThat(q.admit("r2", 0).outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(q.highWater()).isZero();
    }

    @Test
    void aCancelledRequestLeavesTheQueueAndIsSkipped() {
        // Given
        ComponentQueue<String> q = queue(policy(2, 1), A);
        Replica r = q.admit("r1", 0).replica();
        Admission<String> gone = q.admit("gone", 1);
        q.admit("r3", 2);

        // When the client of "gone" goes away
        boolean cancelled = q.cancel(gone.ticket());
        Admission<String> r4 = q.admit("r4", 3);
        List<Dispatch<String>> out = new ArrayList<>();
        q.release(r, out);

        // Then its place is free at once, and it is never dispatched
        assertThat(cancelled).isTrue();
        assertThat(q.cancel(gone.ticket())).isFalse();
        assertThat(r4.outcome()).isEqualTo(Outcome.QUEUED);
        assertThat(out).extracting(Dispatch::waiter).containsExactly("r3");
        assertThat(q.waiting()).isEqualTo(1);
    }

    @Test
    void aColdStartHoldsRequestsAsksForOneActivationAndDrainsInOrder() {
        // Given a component scaled to zero
        ComponentQueue<String> q = queue(policy(ComponentPolicy.UNLIMITED, ComponentPolicy.UNLIMITED));

        // When three requests arrive, then a replica becomes ready
        Admission<String> first = q.admit("r1", 0);
        Admission<String> second = q.admit("r2", 1);
        Admission<String> third = q.admit("r3", 2);
        List<Dispatch<String>> out = new ArrayList<>();
        q.setReplicas(List.of(A), out);

        // Then
        assertThat(List.of(first.outcome(), second.outcome(), third.outcome())).containsOnly(Outcome.QUEUED);
        assertThat(List.of(first.activate(), second.activate(), third.activate()))
                .containsExactly(true, false, false);
        assertThat(out).extracting(Dispatch::waiter).containsExactly("r1", "r2", "r3");
        assertThat(out).extracting(d -> d.replica().address()).containsOnly("10.0.0.1:3000");
    }

    @Test
    void theActivationReArmsAfterAReplicaWasReady() {
        ComponentQueue<String> q = queue(policy(ComponentPolicy.UNLIMITED, ComponentPolicy.UNLIMITED));
        assertThat(q.admit("r1", 0).activate()).isTrue();
        q.setReplicas(List.of(A), new ArrayList<>());
        q.setReplicas(List.of(), new ArrayList<>());
        assertThat(q.admit("r2", 0).activate()).isTrue();
        assertThat(q.admit("r3", 0).activate()).isFalse();
    }

    @Test
    void aColdStartWithNoQueueStillAsksForActivation() {
        ComponentQueue<String> q = queue(policy(0, ComponentPolicy.UNLIMITED));
        Admission<String> a = q.admit("r1", 0);
        assertThat(a.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(a.activate()).isTrue();
    }

    @Test
    void requestsThatWaitedTooLongExpireOldestFirst() {
        // Given requests queued at t=0, 5 and 10 with no replica
        ComponentQueue<String> q = queue(policy(ComponentPolicy.UNLIMITED, ComponentPolicy.UNLIMITED));
        q.admit("t0", 0);
        q.admit("t5", 5);
        q.admit("t10", 10);

        // When the wait bound is 8 and it is t=14
        List<Expired<String>> out = new ArrayList<>();
        q.expire(14, 8, out);

        // Then
        assertThat(out).extracting(Expired::waiter).containsExactly("t0", "t5");
        assertThat(out).allMatch(Expired::coldStart);
        assertThat(q.waiting()).isEqualTo(1);
    }

    @Test
    void leastOutstandingOfTwoRandomChoicesSpreadsTheLoad() {
        // Given three replicas without a concurrency limit
        ComponentQueue<String> q = queue(policy(ComponentPolicy.UNLIMITED, ComponentPolicy.UNLIMITED), A, B, C);

        // When 300 requests are dispatched and none finishes
        Map<String, Long> perReplica = new java.util.HashMap<>();
        for (int i = 0; i < 300; i++) {
            perReplica.merge(q.admit("r" + i, i).replica().address(), 1L, Long::sum);
        }

        // Then the outstanding counts stay within one or two of each other
        assertThat(perReplica).hasSize(3);
        long max = perReplica.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long min = perReplica.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(max - min).isLessThanOrEqualTo(2);
    }

    @Test
    void aBusyReplicaIsAvoidedWhenAnotherHasCapacity() {
        // Given replica A with 3 requests in flight and B with none
        ComponentQueue<String> q = queue(policy(ComponentPolicy.UNLIMITED, 4), A, B);
        List<Replica> chosen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            chosen.add(q.admit("r" + i, i).replica());
        }

        // Then both are filled to their limit and the ninth waits
        Map<String, Long> counts =
                chosen.stream().collect(Collectors.groupingBy(Replica::address, Collectors.counting()));
        assertThat(counts).containsEntry(A.address(), 4L).containsEntry(B.address(), 4L);
        assertThat(q.admit("r9", 9).outcome()).isEqualTo(Outcome.QUEUED);
    }

    @Test
    void aReplicaThatLeavesThePoolGetsNoNewRequestsButItsRequestsFinish() {
        // Given a request in flight on A
        ComponentQueue<String> q = queue(policy(ComponentPolicy.UNLIMITED, 1), A);
        Replica onA = q.admit("r1", 0).replica();

        // When A becomes unready (rolling update) and B is ready
        List<Dispatch<String>> out = new ArrayList<>();
        q.setReplicas(List.of(B), out);
        Admission<String> next = q.admit("r2", 1);
        q.release(onA, out);

        // Then
        assertThat(onA.removed()).isTrue();
        assertThat(next.replica().address()).isEqualTo(B.address());
        assertThat(out).isEmpty();
        assertThat(q.inFlight()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsRetriedOnAnotherReplica() {
        ComponentQueue<String> q = queue(policy(ComponentPolicy.UNLIMITED, ComponentPolicy.UNLIMITED), A, B);
        Replica first = q.admit("r1", 0).replica();
        q.release(first, new ArrayList<>());

        Admission<String> again = q.readmit("r1", first, 1);

        assertThat(again.outcome()).isEqualTo(Outcome.DISPATCHED);
        assertThat(again.replica()).isNotSameAs(first);
    }

    @Test
    void raisingMaxConcurrencyDispatchesWaitingRequests() {
        ComponentQueue<String> q = queue(policy(ComponentPolicy.UNLIMITED, 1), A);
        q.admit("r1", 0);
        q.admit("r2", 0);
        List<Dispatch<String>> out = new ArrayList<>();
        q.setPolicy(policy(ComponentPolicy.UNLIMITED, 2), out);
        assertThat(out).extracting(Dispatch::waiter).containsExactly("r2");
    }
}
