package dev.tiffin.rollout.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.ReplicasChanged;
import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.events.data.RolloutFailed;
import dev.tiffin.contracts.events.data.RolloutRolledBack;
import dev.tiffin.contracts.events.data.RolloutStarted;
import dev.tiffin.contracts.events.data.RolloutStepCompleted;
import dev.tiffin.contracts.events.data.WorkloadsRemoved;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentStrategy;
import dev.tiffin.rollout.domain.RolloutEngine.NewComponent;
import dev.tiffin.rollout.domain.RolloutOutcome.OutgoingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutEngineTest {

    static final DeploymentId ID = new DeploymentId("local", "default", "iris");
    static final String API = "api-server";

    final FakeWorkloads cluster = new FakeWorkloads();
    final List<OutgoingEvent> events = new ArrayList<>();
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    RolloutRecord record;
    EngineMemory memory = EngineMemory.EMPTY;

    @ParameterizedTest(name = "{0} with {1} replicas keeps its bounds from revision 1 to 2")
    @CsvSource({
        "RollingUpdate, 4",
        "RollingUpdate, 10",
        "RampedSlowRollout, 3",
        "RampedSlowRollout, 5",
        "BestEffortControlledRollout, 5",
        "BestEffortControlledRollout, 10",
        "BestEffortControlledRollout, 2",
        "Recreate, 3"
    })
    void each_strategy_keeps_its_bounds_on_every_observed_state(String strategyName, int replicas) {
        // Given revision 1 running with the replicas
        DeploymentStrategy strategy = DeploymentStrategy.parse(strategyName);
        runningRevisionOne(replicas, strategy);
        StrategyParameters p = StrategyParameters.resolve(strategy, replicas);

        // When revision 2 rolls out, each wave of new pods becoming ready together
        start(2, replicas, strategy);
        int guard = 0;
        while (record.phase() == RolloutPhase.progressing && guard++ < 200) {
            reconcile();
            assertThat(cluster.totalDesired())
                    .as("desired replicas of all revisions")
                    .isLessThanOrEqualTo(p.maxTotal());
            if (!p.isRecreate()) {
                assertThat(cluster.totalReady()).as("available replicas").isGreaterThanOrEqualTo(p.minAvailable());
            } else {
                assertThat(cluster.desired(2) > 0 && cluster.desired(1) > 0)
                        .as("Recreate never runs both revisions")
                        .isFalse();
            }
            cluster.ready(2);
            cluster.ready(1);
        }

        // Then it completed, old revision removed, each step reported once in order
        assertThat(record.phase()).isEqualTo(RolloutPhase.complete);
        assertThat(record.stableRevision()).isEqualTo(2);
        assertThat(cluster.has(1)).isFalse();
        assertThat(cluster.ready(API, 2)).isEqualTo(replicas);
        List<Integer> steps = events.stream()
                .map(OutgoingEvent::data)
                .filter(d -> d instanceof RolloutStepCompleted s && s.revision() == 2)
                .map(d -> ((RolloutStepCompleted) d).step())
                .toList();
        assertThat(steps).isNotEmpty();
        for (int i = 0; i < steps.size(); i++) {
            assertThat(steps.get(i)).isEqualTo(i + 1);
        }
        assertThat(last(RolloutCompleted.class).revision()).isEqualTo(2);
        // the final counts come just before the completion, so that "running" is never read with stale counts
        List<EventData> data = events.stream().map(OutgoingEvent::data).toList();
        int completedAt = data.indexOf(last(RolloutCompleted.class));
        assertThat(data.get(completedAt - 1)).isInstanceOfSatisfying(ReplicasChanged.class, c -> {
            assertThat(c.revision()).isEqualTo(2);
            assertThat(c.ready()).isEqualTo(replicas);
        });
    }

    @Test
    void recreate_starts_the_new_revision_only_when_no_old_pod_remains() {
        // Given
        runningRevisionOne(3, DeploymentStrategy.RECREATE);

        // When the old revision is scaled to zero but its pods still exist
        start(2, 3, DeploymentStrategy.RECREATE);
        reconcile();
        assertThat(cluster.desired(1)).isZero();
        cluster.workloads.get(new FakeWorkloads.Key(API, 1)).current = 2;
        reconcile();

        // Then the new revision waits
        assertThat(cluster.desired(2)).isZero();

        // And starts once the old pods are gone
        cluster.workloads.get(new FakeWorkloads.Key(API, 1)).current = 0;
        reconcile();
        assertThat(cluster.desired(2)).isEqualTo(3);
        assertThat(events)
                .anyMatch(e ->
                        e.data() instanceof RolloutStarted s && !s.warnings().isEmpty());
    }

    @Test
    void a_revision_that_never_becomes_ready_rolls_back_at_the_deadline() {
        // Given revision 1 running, revision 2 whose pods never become ready
        runningRevisionOne(3, DeploymentStrategy.ROLLING_UPDATE);
        start(2, 3, DeploymentStrategy.ROLLING_UPDATE);
        reconcile();
        reconcile();
        assertThat(cluster.desired(2)).isEqualTo(1);

        // When the deadline passes without progress
        now = now.plusSeconds(601);
        reconcile();

        // Then the failure is reported and a rollout back to revision 1 starts
        RolloutFailed failed = last(RolloutFailed.class);
        assertThat(failed.revision()).isEqualTo(2);
        assertThat(failed.reason()).isEqualTo(RolloutEngine.REASON_DEADLINE);
        assertThat(failed.message()).contains("0 of 1 new pod(s) ready").contains("never became ready");
        assertThat(record.targetRevision()).isEqualTo(1);
        assertThat(record.rollbackOf()).isEqualTo(2);

        // And it completes with revision 1 serving and revision 2 removed
        for (int i = 0; i < 10 && record.phase() == RolloutPhase.progressing; i++) {
            reconcile();
            cluster.ready(1);
        }
        assertThat(record.phase()).isEqualTo(RolloutPhase.complete);
        assertThat(cluster.has(2)).isFalse();
        assertThat(cluster.ready(API, 1)).isEqualTo(3);
        RolloutRolledBack rolledBack = last(RolloutRolledBack.class);
        assertThat(rolledBack.fromRevision()).isEqualTo(2);
        assertThat(rolledBack.toRevision()).isEqualTo(1);
    }

    @Test
    void progress_resets_the_deadline() {
        // Given a rollout whose first wave becomes ready just before the deadline
        runningRevisionOne(4, DeploymentStrategy.RAMPED_SLOW_ROLLOUT);
        start(2, 4, DeploymentStrategy.RAMPED_SLOW_ROLLOUT);
        reconcile();
        now = now.plusSeconds(590);
        cluster.ready(2);
        reconcile();

        // When another 590 s pass (1180 s since the start)
        now = now.plusSeconds(590);
        reconcile();

        // Then nothing failed
        assertThat(events).noneMatch(e -> e.data() instanceof RolloutFailed);
    }

    @Test
    void the_first_revision_failing_has_nothing_to_roll_back_to() {
        // Given
        start(1, 2, DeploymentStrategy.ROLLING_UPDATE);
        reconcile();

        // When
        now = now.plusSeconds(700);
        reconcile();

        // Then
        assertThat(record.phase()).isEqualTo(RolloutPhase.failed);
        assertThat(last(RolloutFailed.class).revision()).isEqualTo(1);
        assertThat(events).noneMatch(e -> e.data() instanceof RolloutRolledBack);
    }

    @Test
    void a_step_pending_at_a_restart_is_applied_again_with_the_same_event_id_and_no_new_step() {
        // Given a step decided and recorded, whose writes never reached the cluster (crash)
        runningRevisionOne(4, DeploymentStrategy.RAMPED_SLOW_ROLLOUT);
        start(2, 4, DeploymentStrategy.RAMPED_SLOW_ROLLOUT);
        RolloutOutcome decided = RolloutEngine.reconcile(record, cluster.observed(), memory, now);
        OutgoingEvent step = decided.events().stream()
                .filter(e -> e.data() instanceof RolloutStepCompleted)
                .findFirst()
                .orElseThrow();
        record = decided.record(); // persisted before the writes; the writes are lost

        // When a new instance decides from the record with no memory
        RolloutOutcome again = RolloutEngine.reconcile(record, cluster.observed(), EngineMemory.EMPTY, now);

        // Then the same step is applied and reported with the same id
        assertThat(again.writes()).isEqualTo(decided.writes());
        assertThat(again.events()).containsExactly(step);
        assertThat(again.record().components().get(API).step()).isEqualTo(1);
    }

    @Test
    void pause_stops_the_steps_and_the_deadline_and_resume_continues() {
        // Given
        runningRevisionOne(4, DeploymentStrategy.RAMPED_SLOW_ROLLOUT);
        start(2, 4, DeploymentStrategy.RAMPED_SLOW_ROLLOUT);
        reconcile();
        cluster.ready(2);

        // When paused for longer than the deadline
        apply(RolloutEngine.pause(record, true, now));
        now = now.plusSeconds(1200);
        reconcile();

        // Then no step and no failure
        assertThat(cluster.desired(2)).isEqualTo(1);
        assertThat(events).noneMatch(e -> e.data() instanceof RolloutFailed);

        // And resume continues
        apply(RolloutEngine.pause(record, false, now));
        reconcile();
        assertThat(cluster.desired(1)).isEqualTo(3);
    }

    @Test
    void abort_fails_the_rollout_and_goes_back() {
        // Given
        runningRevisionOne(2, DeploymentStrategy.ROLLING_UPDATE);
        start(2, 2, DeploymentStrategy.ROLLING_UPDATE);
        reconcile();

        // When
        apply(RolloutEngine.abort(record, cluster.observed(), "alice", now));

        // Then
        assertThat(last(RolloutFailed.class).reason()).isEqualTo(RolloutEngine.REASON_ABORTED);
        assertThat(record.targetRevision()).isEqualTo(1);
        assertThat(record.rollbackOf()).isEqualTo(2);
    }

    @Test
    void scaling_decisions_set_the_replicas_after_the_rollout_and_the_target_during_it() {
        // Given revision 1 running with 2 replicas (bounds 1..5)
        runningRevisionOne(2, DeploymentStrategy.ROLLING_UPDATE);

        // When the autoscaler asks for 9 (above max)
        apply(RolloutEngine.scale(
                record, API, 9, Optional.of(FakeWorkloads.limits(1, 5, DeploymentStrategy.ROLLING_UPDATE))));
        reconcile();

        // Then it is clamped to 5 and written, and replicas-changed reports it
        assertThat(cluster.desired(1)).isEqualTo(5);
        cluster.ready(1);
        reconcile();
        ReplicasChanged changed = last(ReplicasChanged.class);
        assertThat(changed.desired()).isEqualTo(5);
        assertThat(changed.ready()).isEqualTo(5);

        // And during a rollout the decision becomes the new target
        start(2, 5, DeploymentStrategy.ROLLING_UPDATE);
        apply(RolloutEngine.scale(
                record, API, 3, Optional.of(FakeWorkloads.limits(1, 5, DeploymentStrategy.ROLLING_UPDATE))));
        for (int i = 0; i < 20 && record.phase() == RolloutPhase.progressing; i++) {
            reconcile();
            cluster.ready(2);
            cluster.ready(1);
        }
        assertThat(record.phase()).isEqualTo(RolloutPhase.complete);
        assertThat(cluster.ready(API, 2)).isEqualTo(3);
    }

    @Test
    void removal_scales_to_zero_then_removes_everything() {
        // Given
        runningRevisionOne(2, DeploymentStrategy.ROLLING_UPDATE);

        // When terminate is accepted
        apply(RolloutEngine.remove(record, cluster.observed(), "terminate", "req-9"));

        // Then the workloads go to zero, and once no pod remains everything is removed
        assertThat(cluster.desired(1)).isZero();
        assertThat(record).isNotNull();
        reconcile();
        assertThat(record).isNull();
        assertThat(cluster.workloads).isEmpty();
        WorkloadsRemoved removed = last(WorkloadsRemoved.class);
        assertThat(removed.cause()).isEqualTo("terminate");
    }

    @Test
    void a_revision_arriving_during_the_first_rollout_has_no_stable_revision_and_the_next_takes_over() {
        // Given revision 1 still rolling out
        start(1, 2, DeploymentStrategy.ROLLING_UPDATE);
        reconcile();

        // When revision 2 arrives before revision 1 completed
        start(2, 2, DeploymentStrategy.ROLLING_UPDATE);

        // Then there is nothing to go back to, and revision 2 takes over revision 1's pods
        assertThat(record.stableRevision()).isNull();
        assertThat(last(RolloutStarted.class).fromRevision()).isNull();
        for (int i = 0; i < 20 && record.phase() == RolloutPhase.progressing; i++) {
            reconcile();
            cluster.ready(2);
            cluster.ready(1);
        }
        assertThat(record.phase()).isEqualTo(RolloutPhase.complete);
        assertThat(cluster.has(1)).isFalse();
    }

    @Test
    void a_new_revision_keeps_the_running_replicas_within_its_bounds_and_at_least_one() {
        assertThat(FakeWorkloads.limits(0, 5, DeploymentStrategy.ROLLING_UPDATE).initialReplicas(0))
                .isEqualTo(1);
        assertThat(FakeWorkloads.limits(2, 5, DeploymentStrategy.ROLLING_UPDATE).initialReplicas(null))
                .isEqualTo(2);
        assertThat(FakeWorkloads.limits(1, 3, DeploymentStrategy.ROLLING_UPDATE).initialReplicas(7))
                .isEqualTo(3);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void runningRevisionOne(int replicas, DeploymentStrategy strategy) {
        start(1, replicas, strategy);
        for (int i = 0; i < 10 && record.phase() == RolloutPhase.progressing; i++) {
            reconcile();
            cluster.ready(1);
        }
        assertThat(record.phase()).isEqualTo(RolloutPhase.complete);
        events.clear();
    }

    private void start(int revision, int replicas, DeploymentStrategy strategy) {
        WorkloadLimits limits = FakeWorkloads.limits(replicas, Math.max(replicas, 5), strategy);
        cluster.create(API, API, revision, limits);
        apply(RolloutEngine.start(
                Optional.ofNullable(record),
                ID,
                null,
                revision,
                List.of(new NewComponent(API, API, limits)),
                Duration.ofMinutes(10).toSeconds(),
                now));
    }

    private void reconcile() {
        RolloutOutcome outcome = RolloutEngine.reconcile(record, cluster.observed(), memory, now);
        memory = outcome.memory();
        apply(outcome);
    }

    private void apply(RolloutOutcome outcome) {
        cluster.apply(outcome);
        events.addAll(outcome.events());
        record = outcome.record();
    }

    private <T extends EventData> T last(Class<T> type) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (type.isInstance(events.get(i).data())) {
                return type.cast(events.get(i).data());
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + events);
    }
}
