package dev.tiffin.deployment.domain;

import static dev.tiffin.deployment.domain.Fixtures.NOW;
import static dev.tiffin.deployment.domain.Fixtures.catalog;
import static dev.tiffin.deployment.domain.Fixtures.request;
import static dev.tiffin.deployment.domain.Fixtures.spec;
import static dev.tiffin.deployment.domain.Fixtures.withSecret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.events.data.DeploymentAccepted;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRejected;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.Resources;
import dev.tiffin.contracts.validation.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestDeciderTest {

    private final RequestDecider decider = new RequestDecider(Fixtures.RULES);

    private Decision create(DeploymentSpec spec) {
        return decider.decide(request(DeploymentAction.create, spec), Optional.empty(), catalog(), NOW);
    }

    private CurrentDeployment created(DeploymentSpec spec) {
        Decision d = create(spec);
        assertThat(d.accepted()).as("%s", d.verdict()).isTrue();
        return new CurrentDeployment(Fixtures.ID, d.newRevision().orElseThrow(), Optional.empty());
    }

    private static List<String> paths(Decision d) {
        return d.verdict().errors().stream().map(Violation::path).toList();
    }

    @Test
    void create_stores_revision_1_and_emits_accepted_then_revision_created() {
        Decision d = create(spec("iris:latest"));

        assertThat(d.verdict().outcome()).isEqualTo("accepted");
        assertThat(d.verdict().revision()).isEqualTo(1);
        assertThat(d.events()).hasSize(2);
        DeploymentAccepted accepted = (DeploymentAccepted) d.events().get(0);
        assertThat(accepted.revisionCreated()).isTrue();
        RevisionCreated revision = (RevisionCreated) d.events().get(1);
        assertThat(revision.revision()).isEqualTo(1);
        assertThat(revision.previousRevision()).isNull();
        assertThat(revision.cause()).isEqualTo("create");
        assertThat(revision.bento()).isEqualTo(Fixtures.IRIS_2);
        assertThat(revision.spec().bento()).isEqualTo("iris:2.0.0");
        assertThat(revision.spec().cluster()).isEqualTo("local");
        assertThat(revision.spec().kubeNamespace()).isEqualTo("default");
        assertThat(revision.instanceTypes()).containsEntry("cpu.small", Fixtures.CPU_SMALL);
        assertThat(d.newRevision().orElseThrow().submittedSpec().bento()).isEqualTo("iris:latest");
    }

    @Test
    void latest_resolves_to_the_newest_registered_version() {
        Decision d = create(spec("iris:latest"));

        assertThat(d.newRevision().orElseThrow().bento().version()).isEqualTo("2.0.0");
    }

    @Test
    void unknown_bento_is_invalid_with_path_bento() {
        Decision d = create(spec("iris:9.9.9"));

        assertThat(d.verdict().outcome()).isEqualTo("rejected");
        assertThat(d.verdict().reason()).isEqualTo("invalid");
        assertThat(paths(d)).containsExactly("bento");
        assertThat(((DeploymentRejected) d.events().get(0)).reason()).isEqualTo(DeploymentRejected.Reason.invalid);
    }

    @Test
    void unknown_repository_with_latest_is_invalid() {
        assertThat(paths(create(spec("nope:latest")))).containsExactly("bento");
    }

    @Test
    void runners_must_be_runners_of_the_bento() {
        DeploymentSpec spec = spec("iris:1.0.0")
                .withComponents(
                        spec("x").apiServer(),
                        Map.of(
                                "clf",
                                new Component(null, null, null, null, null),
                                "pre",
                                new Component(null, null, null, null, null)));

        assertThat(paths(create(spec))).containsExactly("runners.pre");
    }

    @Test
    void unknown_instance_type_and_cluster_are_invalid_with_paths() {
        DeploymentSpec spec = spec("iris:1.0.0")
                .withComponents(new Component(null, new Resources("gpu.huge", null, null), null, null, null), Map.of());
        Decision d = decider.decide(
                new dev.tiffin.contracts.events.data.DeploymentRequested(
                        "r1",
                        DeploymentAction.create,
                        new dev.tiffin.contracts.spec.DeploymentId("mars", "default", "iris"),
                        spec,
                        null,
                        null,
                        null,
                        null,
                        null,
                        NOW),
                Optional.empty(),
                catalog(),
                NOW);

        assertThat(paths(d)).containsExactlyInAnyOrder("cluster", "api_server.resources.instance_type");
    }

    @Test
    void spec_validation_runs_too() {
        DeploymentSpec spec = new DeploymentSpec(
                "iris", null, null, null, "secret-ish", "iris:1.0.0", null, null, null, null, null, null);

        Decision d = create(spec);

        assertThat(paths(d)).contains("access_type", "api_server");
    }

    @Test
    void a_spec_naming_another_deployment_is_invalid() {
        DeploymentSpec spec = spec("iris:1.0.0").withIdentity("other", "ns");

        assertThat(paths(create(spec))).contains("cluster", "kube_namespace");
    }

    @Test
    void create_of_a_live_name_is_a_conflict() {
        CurrentDeployment current = created(spec("iris:1.0.0"));

        Decision d = decider.decide(
                request(DeploymentAction.create, spec("iris:1.0.0")), Optional.of(current), catalog(), NOW);

        assertThat(d.verdict().reason()).isEqualTo("conflict");
        assertThat(d.newRevision()).isEmpty();
    }

    @Test
    void update_of_an_unknown_deployment_is_not_found() {
        Decision d =
                decider.decide(request(DeploymentAction.update, spec("iris:1.0.0")), Optional.empty(), catalog(), NOW);

        assertThat(d.verdict().reason()).isEqualTo("not_found");
    }

    @Test
    void stale_if_match_is_precondition_failed() {
        CurrentDeployment current = created(spec("iris:1.0.0"));

        Decision d = decider.decide(
                request(DeploymentAction.update, spec("iris:2.0.0"), 7, null), Optional.of(current), catalog(), NOW);

        assertThat(d.verdict().reason()).isEqualTo("precondition_failed");
        assertThat(d.verdict().revision()).isEqualTo(1);
    }

    @Test
    void unchanged_update_creates_no_revision() {
        CurrentDeployment current = created(spec("iris:latest"));

        Decision d = decider.decide(
                request(DeploymentAction.update, spec("iris:2.0.0"), 1, null), Optional.of(current), catalog(), NOW);

        assertThat(d.accepted()).isTrue();
        assertThat(d.verdict().revisionCreated()).isFalse();
        assertThat(d.verdict().revision()).isEqualTo(1);
        assertThat(d.newRevision()).isEmpty();
        assertThat(d.events()).hasSize(1);
    }

    @Test
    void writing_a_default_explicitly_changes_nothing() {
        CurrentDeployment current = created(spec("iris:1.0.0"));
        DeploymentSpec explicit = new DeploymentSpec(
                "iris",
                null,
                "local",
                "default",
                "protected",
                "iris:1.0.0",
                "RollingUpdate",
                spec("x").envs(),
                null,
                spec("x").labels(),
                spec("x").apiServer(),
                spec("x").runners());

        Decision d = decider.decide(request(DeploymentAction.update, explicit), Optional.of(current), catalog(), NOW);

        assertThat(d.verdict().revisionCreated()).isFalse();
    }

    @Test
    void changed_update_creates_the_next_revision() {
        CurrentDeployment current = created(spec("iris:1.0.0"));

        Decision d = decider.decide(
                request(DeploymentAction.update, spec("iris:2.0.0")), Optional.of(current), catalog(), NOW);

        assertThat(d.verdict().revisionCreated()).isTrue();
        RevisionCreated revision = (RevisionCreated) d.events().get(1);
        assertThat(revision.revision()).isEqualTo(2);
        assertThat(revision.previousRevision()).isEqualTo(1);
        assertThat(revision.cause()).isEqualTo("update");
    }

    @Test
    void a_secret_without_value_keeps_the_sealed_value_and_changes_nothing() {
        CurrentDeployment current = created(withSecret(spec("iris:1.0.0"), "v1:sealed-a"));

        Decision d = decider.decide(
                request(DeploymentAction.update, withSecret(spec("iris:1.0.0"), null)),
                Optional.of(current),
                catalog(),
                NOW);

        assertThat(d.verdict().revisionCreated()).isFalse();
    }

    @Test
    void a_kept_secret_travels_sealed_in_the_next_revision() {
        CurrentDeployment current = created(withSecret(spec("iris:1.0.0"), "v1:sealed-a"));

        Decision d = decider.decide(
                request(DeploymentAction.update, withSecret(spec("iris:2.0.0"), null)),
                Optional.of(current),
                catalog(),
                NOW);

        RevisionCreated revision = (RevisionCreated) d.events().get(1);
        assertThat(revision.spec().envs()).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("TOKEN");
            assertThat(e.sealed()).isEqualTo("v1:sealed-a");
        });
    }

    @Test
    void a_secret_without_value_on_create_is_invalid() {
        assertThat(paths(create(withSecret(spec("iris:1.0.0"), null)))).containsExactly("envs[1].value");
    }

    @Test
    void terminate_and_delete_are_accepted_without_revision() {
        CurrentDeployment current = created(spec("iris:1.0.0"));
        for (DeploymentAction action : List.of(DeploymentAction.terminate, DeploymentAction.delete)) {
            Decision d = decider.decide(request(action, null), Optional.of(current), catalog(), NOW);
            assertThat(d.accepted()).isTrue();
            assertThat(d.newRevision()).isEmpty();
            assertThat(((DeploymentAccepted) d.events().get(0)).action()).isEqualTo(action);
        }
    }

    @Test
    void rollout_controls_are_accepted_only_while_a_rollout_runs() {
        // Given a deployment whose revision 2 is rolling out, revision 1 serving
        CurrentDeployment created = created(spec("iris:1.0.0"));
        ProjectionState rolling = ProjectionState.initial()
                .withStatus(StatusNames.DEPLOYING, "update", null)
                .withActiveRevision(1)
                .withRollingOut(true);
        CurrentDeployment current = new CurrentDeployment(Fixtures.ID, created.latest(), Optional.empty(), rolling);

        // When / Then pause, resume and abort are accepted without a revision
        for (DeploymentAction action :
                List.of(DeploymentAction.pause, DeploymentAction.resume, DeploymentAction.abort)) {
            Decision d = decider.decide(request(action, null), Optional.of(current), catalog(), NOW);
            assertThat(d.accepted()).as("%s", action).isTrue();
            assertThat(d.newRevision()).isEmpty();
            assertThat(((DeploymentAccepted) d.events().get(0)).action()).isEqualTo(action);
        }
    }

    @Test
    void rollout_controls_without_a_rollout_are_conflicts_naming_why() {
        // Given a deployment that is not rolling out
        CurrentDeployment settled = new CurrentDeployment(
                Fixtures.ID,
                created(spec("iris:1.0.0")).latest(),
                Optional.empty(),
                ProjectionState.initial().withStatus(StatusNames.RUNNING, "rollout_completed", null));

        // When
        Decision d = decider.decide(request(DeploymentAction.pause, null), Optional.of(settled), catalog(), NOW);

        // Then
        assertThat(d.accepted()).isFalse();
        assertThat(d.verdict().reason()).isEqualTo("conflict");
        assertThat(d.verdict().errors().get(0).code()).isEqualTo("no_rollout");
    }

    @Test
    void abort_of_a_first_rollout_has_nothing_to_go_back_to() {
        // Given the first revision rolling out (no active revision yet)
        CurrentDeployment first = new CurrentDeployment(
                Fixtures.ID,
                created(spec("iris:1.0.0")).latest(),
                Optional.empty(),
                ProjectionState.initial().withRollingOut(true));

        // When
        Decision d = decider.decide(request(DeploymentAction.abort, null), Optional.of(first), catalog(), NOW);

        // Then
        assertThat(d.accepted()).isFalse();
        assertThat(d.verdict().errors().get(0).code()).isEqualTo("no_previous_revision");
    }

    @Test
    void a_revision_carries_the_cluster_it_runs_on() {
        Decision d = create(spec("iris:1.0.0"));
        RevisionCreated revision = (RevisionCreated) d.events().get(1);
        assertThat(revision.cluster()).isNotNull();
        assertThat(revision.cluster().name()).isEqualTo("local");
    }

    @Test
    void restart_makes_a_new_revision_with_the_same_spec() {
        CurrentDeployment current = created(spec("iris:1.0.0"));

        Decision d = decider.decide(request(DeploymentAction.restart, null), Optional.of(current), catalog(), NOW);

        StoredRevision r = d.newRevision().orElseThrow();
        assertThat(r.revision()).isEqualTo(2);
        assertThat(r.cause()).isEqualTo("restart");
        assertThat(r.effectiveSpec()).isEqualTo(current.latest().effectiveSpec());
    }

    @Test
    void rollback_makes_a_new_revision_with_the_targets_spec() {
        StoredRevision first = created(spec("iris:1.0.0")).latest();
        Decision second = decider.decide(
                request(DeploymentAction.update, spec("iris:2.0.0")),
                Optional.of(new CurrentDeployment(Fixtures.ID, first, Optional.empty())),
                catalog(),
                NOW);
        StoredRevision latest = second.newRevision().orElseThrow();

        Decision d = decider.decide(
                request(DeploymentAction.rollback, null),
                Optional.of(new CurrentDeployment(Fixtures.ID, latest, Optional.of(first))),
                catalog(),
                NOW);

        StoredRevision r = d.newRevision().orElseThrow();
        assertThat(r.revision()).isEqualTo(3);
        assertThat(r.cause()).isEqualTo("rollback");
        assertThat(r.bento()).isEqualTo(Fixtures.IRIS_1);
        assertThat(((RevisionCreated) d.events().get(1)).previousRevision()).isEqualTo(2);
    }

    @Test
    void rollback_to_an_unknown_revision_is_invalid() {
        CurrentDeployment current = created(spec("iris:1.0.0"));

        Decision d =
                decider.decide(request(DeploymentAction.rollback, null, null, 5), Optional.of(current), catalog(), NOW);

        assertThat(d.verdict().reason()).isEqualTo("invalid");
        assertThat(paths(d)).containsExactly("target_revision");
    }

    @Test
    void rollback_target_defaults_to_the_previous_revision() {
        assertThat(RequestDecider.rollbackTarget(request(DeploymentAction.rollback, null), 4))
                .isEqualTo(3);
        assertThat(RequestDecider.rollbackTarget(request(DeploymentAction.rollback, null, null, 1), 4))
                .isEqualTo(1);
    }

    @Test
    void recreate_strategy_is_accepted_with_a_warning() {
        DeploymentSpec spec = new DeploymentSpec(
                "iris",
                null,
                null,
                null,
                null,
                "iris:1.0.0",
                "Recreate",
                null,
                null,
                null,
                spec("x").apiServer(),
                null);

        Decision d = create(spec);

        assertThat(d.verdict().warnings()).anySatisfy(w -> assertThat(w).contains("Recreate"));
    }
}
