package dev.tiffin.deployment.domain;

import static dev.tiffin.deployment.domain.Fixtures.ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.api.ReplicaCounts;
import dev.tiffin.contracts.events.data.DeploymentAccepted;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRejected;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.ReplicasChanged;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.events.data.RolloutFailed;
import dev.tiffin.contracts.events.data.RolloutRolledBack;
import dev.tiffin.contracts.events.data.RolloutStarted;
import dev.tiffin.contracts.events.data.RolloutStepCompleted;
import dev.tiffin.contracts.events.data.ScalingDecided;
import dev.tiffin.contracts.events.data.StatusChanged;
import dev.tiffin.contracts.events.data.TrafficPolicyApplied;
import dev.tiffin.contracts.events.data.WorkloadsRemoved;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusProjectionTest {

    private ProjectionState state = ProjectionState.initial();
    private Optional<StatusChanged> lastChange = Optional.empty();

    private StatusProjectionTest apply(EventData... events) {
        for (EventData e : events) {
            ProjectionResult r = StatusProjection.apply(ID, state, e);
            state = r.state();
            lastChange = r.statusChanged();
        }
        return this;
    }

    private static DeploymentAccepted accepted(DeploymentAction action, int revision, boolean created) {
        return new DeploymentAccepted("r", ID, action, revision, created, List.of());
    }

    private static RolloutStarted started(int revision) {
        return new RolloutStarted(ID, revision, null, "RollingUpdate", List.of());
    }

    private static RolloutCompleted completed(int revision, int replicas) {
        return new RolloutCompleted(ID, revision, 1000, replicas);
    }

    private static ReplicasChanged replicas(int revision, String component, int desired, int ready) {
        return new ReplicasChanged(ID, revision, component, desired, ready, ready);
    }

    private void running() {
        apply(accepted(DeploymentAction.create, 1, true), started(1), completed(1, 2));
    }

    @Test
    void create_accepted_is_deploying_with_a_change_from_nothing() {
        apply(accepted(DeploymentAction.create, 1, true));

        assertThat(state.status()).isEqualTo("deploying");
        assertThat(state.activeRevision()).isNull();
        assertThat(lastChange).hasValueSatisfying(c -> {
            assertThat(c.from()).isNull();
            assertThat(c.to()).isEqualTo("deploying");
            assertThat(c.reason()).isEqualTo("create");
        });
    }

    @Test
    void revision_created_and_rollout_started_keep_deploying_without_a_new_change() {
        apply(accepted(DeploymentAction.create, 1, true));
        apply(new RevisionCreated(ID, 1, null, "r", "create", null, null, Map.of(), null, null));
        assertThat(lastChange).isEmpty();
        apply(started(1));
        assertThat(lastChange).isEmpty();
        assertThat(state.status()).isEqualTo("deploying");
        assertThat(state.latestRevision()).isEqualTo(1);
    }

    @Test
    void rollout_completed_is_running_and_makes_the_revision_active() {
        running();

        assertThat(state.status()).isEqualTo("running");
        assertThat(state.activeRevision()).isEqualTo(1);
        assertThat(lastChange).hasValueSatisfying(c -> {
            assertThat(c.from()).isEqualTo("deploying");
            assertThat(c.to()).isEqualTo("running");
            assertThat(c.activeRevision()).isEqualTo(1);
        });
    }

    @Test
    void rollout_completed_with_zero_replicas_is_scaled_to_zero() {
        apply(accepted(DeploymentAction.create, 1, true), started(1), completed(1, 0));

        assertThat(state.status()).isEqualTo("scaled-to-zero");
    }

    @Test
    void a_rollout_completed_at_zero_while_a_pod_still_serves_is_scaled_to_zero_once_it_stopped() {
        apply(accepted(DeploymentAction.create, 1, true), started(1), replicas(1, "api_server", 0, 1));
        apply(completed(1, 0));
        assertThat(state.status()).isEqualTo("running");

        apply(replicas(1, "api_server", 0, 0));

        assertThat(state.status()).isEqualTo("scaled-to-zero");
    }

    @Test
    void rollout_failed_is_failed_with_reason_and_message() {
        apply(accepted(DeploymentAction.create, 1, true), started(1));
        apply(new RolloutFailed(ID, 1, "progress_deadline_exceeded", "api_server: 0/2 ready after 600 s"));

        assertThat(state.status()).isEqualTo("failed");
        assertThat(state.statusReason()).isEqualTo("progress_deadline_exceeded");
        assertThat(state.statusMessage()).contains("0/2");
    }

    @Test
    void rolled_back_is_running_with_reason_rolled_back_and_the_failure_message() {
        running();
        apply(accepted(DeploymentAction.update, 2, true), started(2));
        apply(new RolloutFailed(ID, 2, "progress_deadline_exceeded", "pods never ready"));
        apply(new RolloutRolledBack(ID, 2, 1, "progress_deadline_exceeded"));

        assertThat(state.status()).isEqualTo("running");
        assertThat(state.statusReason()).isEqualTo("rolled_back");
        assertThat(state.statusMessage()).isEqualTo("pods never ready");
        assertThat(state.activeRevision()).isEqualTo(1);
        assertThat(lastChange).hasValueSatisfying(c -> assertThat(c.from()).isEqualTo("failed"));
    }

    @Test
    void replicas_reported_after_a_rollback_keep_the_rollback_reason() {
        running();
        apply(accepted(DeploymentAction.update, 2, true), started(2));
        apply(new RolloutFailed(ID, 2, "progress_deadline_exceeded", "pods never ready"));
        apply(new RolloutRolledBack(ID, 2, 1, "progress_deadline_exceeded"));

        apply(replicas(1, "api_server", 2, 2));

        assertThat(state.status()).isEqualTo("running");
        assertThat(state.statusReason()).isEqualTo("rolled_back");
        assertThat(state.statusMessage()).isEqualTo("pods never ready");
    }

    @Test
    void fewer_ready_than_desired_is_unhealthy_and_recovers() {
        running();
        apply(replicas(1, "api_server", 2, 2), replicas(1, "clf", 2, 1));

        assertThat(state.status()).isEqualTo("unhealthy");
        assertThat(state.statusMessage()).isEqualTo("clf 1/2 ready");
        assertThat(state.replicas()).containsEntry("clf", new ReplicaCounts(2, 1, 1));

        apply(replicas(1, "clf", 2, 2));
        assertThat(state.status()).isEqualTo("running");
        assertThat(lastChange).hasValueSatisfying(c -> assertThat(c.from()).isEqualTo("unhealthy"));
    }

    @Test
    void a_scale_up_keeps_running_while_its_new_pods_start() {
        running();
        apply(replicas(1, "api_server", 2, 2), replicas(1, "api_server", 4, 2));
        assertThat(state.status()).isEqualTo("running");
        assertThat(state.statusReason()).isEqualTo("scaling_up");
        assertThat(state.statusMessage()).isEqualTo("scaling up: api_server 2/4 ready");

        apply(replicas(1, "api_server", 4, 3));
        assertThat(state.status()).isEqualTo("running");
        assertThat(state.statusMessage()).isEqualTo("scaling up: api_server 3/4 ready");

        apply(replicas(1, "api_server", 4, 4));
        assertThat(state.status()).isEqualTo("running");
        assertThat(state.statusReason()).isEqualTo("replicas_ready");
        assertThat(state.statusMessage()).isNull();
    }

    @Test
    void a_pod_lost_during_a_scale_up_is_unhealthy() {
        running();
        apply(replicas(1, "api_server", 2, 2), replicas(1, "api_server", 4, 3), replicas(1, "api_server", 4, 2));

        assertThat(state.status()).isEqualTo("unhealthy");
        assertThat(state.statusMessage()).isEqualTo("api_server 2/4 ready");
    }

    @Test
    void a_ready_pod_lost_is_unhealthy() {
        running();
        apply(replicas(1, "api_server", 2, 2), replicas(1, "api_server", 2, 1));

        assertThat(state.status()).isEqualTo("unhealthy");
    }

    @Test
    void waking_up_from_zero_is_running_while_the_pod_starts() {
        running();
        apply(replicas(1, "api_server", 0, 0), replicas(1, "api_server", 1, 0));

        assertThat(state.status()).isEqualTo("running");
        assertThat(state.statusReason()).isEqualTo("scaling_up");
        assertThat(lastChange).hasValueSatisfying(c -> assertThat(c.from()).isEqualTo("scaled-to-zero"));
    }

    @Test
    void no_ready_replica_with_replicas_desired_is_unhealthy() {
        running();
        apply(replicas(1, "api_server", 1, 0));

        assertThat(state.status()).isEqualTo("unhealthy");
    }

    @Test
    void all_desired_zero_is_scaled_to_zero_and_back_to_running() {
        running();
        apply(replicas(1, "api_server", 0, 0));
        assertThat(state.status()).isEqualTo("scaled-to-zero");

        apply(replicas(1, "api_server", 1, 1));
        assertThat(state.status()).isEqualTo("running");
    }

    @Test
    void desired_zero_is_scaled_to_zero_only_once_the_last_pod_stopped_serving() {
        running();
        apply(replicas(1, "api_server", 0, 1));
        assertThat(state.status()).isEqualTo("running");

        apply(replicas(1, "api_server", 0, 0));
        assertThat(state.status()).isEqualTo("scaled-to-zero");
    }

    @Test
    void replicas_during_a_rollout_do_not_move_the_status() {
        apply(accepted(DeploymentAction.create, 1, true), started(1), replicas(1, "api_server", 2, 0));

        assertThat(state.status()).isEqualTo("deploying");
        assertThat(state.replicas()).containsKey("api_server");
    }

    @Test
    void replicas_of_an_inactive_revision_are_ignored() {
        running();
        apply(replicas(7, "api_server", 5, 0));

        assertThat(state.status()).isEqualTo("running");
        assertThat(state.replicas()).isEmpty();
    }

    @Test
    void the_counts_reported_just_before_a_completion_are_there_when_the_status_says_running() {
        running();
        apply(accepted(DeploymentAction.update, 2, true), started(2));
        apply(replicas(2, "api_server", 3, 3));
        assertThat(state.status()).isEqualTo("deploying");

        apply(new RolloutCompleted(ID, 2, 1200, 3));

        assertThat(state.status()).isEqualTo("running");
        assertThat(state.activeRevision()).isEqualTo(2);
        assertThat(state.replicas()).containsEntry("api_server", new ReplicaCounts(3, 3, 3));
    }

    @Test
    void step_events_keep_replica_counts() {
        apply(accepted(DeploymentAction.create, 1, true), started(1));
        apply(new RolloutStepCompleted(ID, 1, "api_server", 1, 2, 1, 1, 1, 2));

        assertThat(state.replicas()).containsEntry("api_server", new ReplicaCounts(3, 2, 2));
        assertThat(state.status()).isEqualTo("deploying");
    }

    @Test
    void terminate_with_workloads_is_terminating_then_terminated() {
        running();
        apply(accepted(DeploymentAction.terminate, 1, false));
        assertThat(state.status()).isEqualTo("terminating");

        apply(replicas(1, "api_server", 0, 0), completed(1, 2));
        assertThat(state.status()).isEqualTo("terminating");

        apply(new WorkloadsRemoved(ID, "terminate"));
        assertThat(state.status()).isEqualTo("terminated");
        assertThat(state.activeRevision()).isNull();
        assertThat(state.replicas()).isEmpty();
    }

    @Test
    void delete_with_workloads_is_terminating_then_deleted() {
        running();
        apply(accepted(DeploymentAction.delete, 1, false));
        assertThat(state.status()).isEqualTo("terminating");

        apply(new WorkloadsRemoved(ID, "delete"));
        assertThat(state.status()).isEqualTo("deleted");
        assertThat(state.deleted()).isTrue();
    }

    @Test
    void delete_without_any_reported_workload_is_deleted_at_once() {
        apply(accepted(DeploymentAction.create, 1, true), accepted(DeploymentAction.delete, 1, false));

        assertThat(state.status()).isEqualTo("deleted");
        assertThat(state.statusReason()).isEqualTo("no_workloads");
        assertThat(lastChange).hasValueSatisfying(c -> {
            assertThat(c.from()).isEqualTo("deploying");
            assertThat(c.to()).isEqualTo("deleted");
        });
    }

    @Test
    void terminate_without_any_reported_workload_is_terminated_at_once() {
        apply(accepted(DeploymentAction.create, 1, true), accepted(DeploymentAction.terminate, 1, false));

        assertThat(state.status()).isEqualTo("terminated");
    }

    @Test
    void a_deleted_deployment_never_moves_again() {
        apply(accepted(DeploymentAction.create, 1, true), accepted(DeploymentAction.delete, 1, false));
        apply(started(1), completed(1, 1));

        assertThat(state.status()).isEqualTo("deleted");
        assertThat(lastChange).isEmpty();
    }

    @Test
    void restart_after_terminated_is_deploying_again() {
        running();
        apply(accepted(DeploymentAction.terminate, 1, false), new WorkloadsRemoved(ID, "terminate"));
        apply(accepted(DeploymentAction.restart, 2, true));

        assertThat(state.status()).isEqualTo("deploying");
        assertThat(state.latestRevision()).isEqualTo(2);
    }

    @Test
    void delete_after_workloads_were_removed_is_deleted_at_once() {
        running();
        apply(accepted(DeploymentAction.terminate, 1, false), new WorkloadsRemoved(ID, "terminate"));
        apply(accepted(DeploymentAction.delete, 1, false));

        assertThat(state.status()).isEqualTo("deleted");
    }

    @Test
    void an_update_that_changed_nothing_moves_nothing() {
        running();
        apply(accepted(DeploymentAction.update, 1, false));

        assertThat(state.status()).isEqualTo("running");
        assertThat(lastChange).isEmpty();
    }

    @Test
    void informational_events_move_nothing() {
        running();
        apply(
                new ScalingDecided(ID, 1, "api_server", 2, 3, "cpu above target", null, Map.of("cpu", 95.0)),
                new TrafficPolicyApplied(ID, 1, "protected", "/iris"),
                new DeploymentRejected("r", ID, DeploymentAction.update, DeploymentRejected.Reason.invalid, List.of()),
                new StatusChanged(ID, "a", "b", 1, null, null));

        assertThat(state.status()).isEqualTo("running");
        assertThat(lastChange).isEmpty();
    }

    @Test
    void a_new_rollout_after_running_is_deploying() {
        running();
        apply(accepted(DeploymentAction.update, 2, true));
        assertThat(state.status()).isEqualTo("deploying");
        apply(started(2), completed(2, 1));
        assertThat(state.status()).isEqualTo("running");
        assertThat(state.activeRevision()).isEqualTo(2);
    }
}
