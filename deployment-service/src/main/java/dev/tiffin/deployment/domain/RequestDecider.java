package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.api.RequestVerdict;
import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.events.data.DeploymentAccepted;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRejected;
import dev.tiffin.contracts.events.data.DeploymentRejected.Reason;
import dev.tiffin.contracts.events.data.DeploymentRequested;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.contracts.validation.ViolationCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides a {@code DeploymentRequested} (docs/internal-api.md, "Verdict semantics"): given the live deployment of the
 * id (if any) and the catalogs, the verdict, the events to publish and the revision to store. Pure: no I/O, time is a
 * parameter.
 */
public final class RequestDecider {

    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";

    private final SpecRules rules;

    public RequestDecider(SpecRules rules) {
        this.rules = rules;
    }

    /** The revision a rollback goes back to: the one named, or the one before the latest. */
    public static int rollbackTarget(DeploymentRequested request, int latestRevision) {
        return request.targetRevision() != null ? request.targetRevision() : latestRevision - 1;
    }

    public Decision decide(
            DeploymentRequested request, Optional<CurrentDeployment> current, CatalogSnapshot catalog, Instant now) {
        DeploymentAction action = request.action();
        if (action == DeploymentAction.create) {
            if (current.isPresent()) {
                return rejected(
                        request,
                        current,
                        Reason.conflict,
                        List.of(Violation.of(
                                "name",
                                "exists",
                                "the deployment " + request.deployment() + " exists; update it or delete it first")));
            }
            return submit(request, Optional.empty(), catalog, now);
        }
        if (current.isEmpty()) {
            return rejected(
                    request,
                    current,
                    Reason.not_found,
                    List.of(Violation.of("", "not_found", "no deployment " + request.deployment())));
        }
        CurrentDeployment deployment = current.get();
        if (request.ifMatch() != null && request.ifMatch() != deployment.latestRevision()) {
            return rejected(
                    request,
                    current,
                    Reason.precondition_failed,
                    List.of(Violation.of(
                            "if_match",
                            "stale",
                            "if_match " + request.ifMatch() + " is not the latest revision "
                                    + deployment.latestRevision())));
        }
        switch (action) {
            case update:
                return submit(request, current, catalog, now);
            case restart:
                return newRevision(request, deployment, deployment.latest(), "restart", catalog, now);
            case rollback:
                return rollback(request, deployment, catalog, now);
            case pause:
            case resume:
            case abort:
                return rolloutControl(request, deployment, catalog);
            case terminate:
            case delete:
            default:
                return accepted(request, deployment.latestRevision(), List.of(), Optional.empty(), null, catalog);
        }
    }

    /**
     * pause / resume / abort act on a rollout in progress, so they are rejected (conflict) when none is; abort goes
     * back to the revision that served before, so it also needs one.
     */
    private static Decision rolloutControl(
            DeploymentRequested request, CurrentDeployment deployment, CatalogSnapshot catalog) {
        ProjectionState projection = deployment.projection();
        if (!projection.rollingOut()) {
            return rejected(
                    request,
                    Optional.of(deployment),
                    Reason.conflict,
                    List.of(Violation.of(
                            "",
                            "no_rollout",
                            "no rollout of " + request.deployment() + " is in progress to " + request.action())));
        }
        if (request.action() == DeploymentAction.abort && projection.activeRevision() == null) {
            return rejected(
                    request,
                    Optional.of(deployment),
                    Reason.conflict,
                    List.of(Violation.of(
                            "",
                            "no_previous_revision",
                            "revision " + deployment.latestRevision()
                                    + " is the first to roll out: there is no revision to go back to;"
                                    + " terminate or update the deployment instead")));
        }
        return accepted(request, deployment.latestRevision(), List.of(), Optional.empty(), null, catalog);
    }

    private Decision rollback(
            DeploymentRequested request, CurrentDeployment deployment, CatalogSnapshot catalog, Instant now) {
        int target = rollbackTarget(request, deployment.latestRevision());
        Optional<StoredRevision> stored = deployment.rollbackTarget().filter(r -> r.revision() == target);
        if (stored.isEmpty()) {
            return rejected(
                    request,
                    Optional.of(deployment),
                    Reason.invalid,
                    List.of(Violation.of(
                            "target_revision",
                            ReferenceChecks.UNKNOWN_REFERENCE,
                            "the deployment has no revision " + target)));
        }
        if (ChangeDetection.sameEffectiveSpec(
                stored.get().effectiveSpec(), deployment.latest().effectiveSpec())) {
            return accepted(request, deployment.latestRevision(), List.of(), Optional.empty(), null, catalog);
        }
        return newRevision(request, deployment, stored.get(), "rollback", catalog, now);
    }

    /** A new revision with the specs and catalog entries of {@code source} (restart: the latest; rollback: the target). */
    private Decision newRevision(
            DeploymentRequested request,
            CurrentDeployment deployment,
            StoredRevision source,
            String cause,
            CatalogSnapshot catalog,
            Instant now) {
        StoredRevision revision = new StoredRevision(
                deployment.latestRevision() + 1,
                source.submittedSpec(),
                source.effectiveSpec(),
                source.bento(),
                source.instanceTypes(),
                cause,
                request.requestId(),
                now);
        return accepted(
                request,
                revision.revision(),
                DeploymentWarnings.of(revision.effectiveSpec()),
                Optional.of(revision),
                deployment.latestRevision(),
                catalog);
    }

    /** create and update: validate, check references, make the spec effective, and compare it with the latest. */
    private Decision submit(
            DeploymentRequested request, Optional<CurrentDeployment> current, CatalogSnapshot catalog, Instant now) {
        DeploymentId id = request.deployment();
        DeploymentSpec spec = request.spec();
        if (spec == null) {
            return rejected(
                    request,
                    current,
                    Reason.invalid,
                    List.of(Violation.of("spec", ViolationCodes.REQUIRED, "a " + request.action() + " needs a spec")));
        }
        List<Violation> violations = new ArrayList<>(identityViolations(spec, id));
        violations.addAll(rules.validate(spec));
        ReferenceChecks.Resolved resolved = ReferenceChecks.check(spec, id.cluster(), catalog);
        violations.addAll(resolved.violations());
        SecretCarryOver.Result secrets = SecretCarryOver.apply(
                spec, current.map(c -> c.latest().effectiveSpec()).orElse(null));
        violations.addAll(secrets.violations());
        if (!violations.isEmpty()) {
            return rejected(request, current, Reason.invalid, distinct(violations));
        }
        ClusterInfo cluster = resolved.cluster().orElseThrow();
        BentoInfo bento = resolved.bento().orElseThrow();
        DeploymentSpec effective = rules.effective(
                secrets.spec().withIdentity(id.cluster(), id.namespace()).withBento(bento.tag()),
                id.cluster(),
                cluster.defaultNamespace());
        List<String> warnings = DeploymentWarnings.of(effective);
        if (current.isPresent()
                && ChangeDetection.sameEffectiveSpec(
                        effective, current.get().latest().effectiveSpec())) {
            return accepted(request, current.get().latestRevision(), warnings, Optional.empty(), null, catalog);
        }
        int number = current.map(c -> c.latestRevision() + 1).orElse(1);
        StoredRevision revision = new StoredRevision(
                number,
                spec,
                effective,
                bento,
                resolved.instanceTypes(),
                request.action() == DeploymentAction.create ? "create" : "update",
                request.requestId(),
                now);
        return accepted(
                request,
                number,
                warnings,
                Optional.of(revision),
                current.map(CurrentDeployment::latestRevision).orElse(null),
                catalog);
    }

    private static List<Violation> identityViolations(DeploymentSpec spec, DeploymentId id) {
        List<Violation> out = new ArrayList<>();
        if (spec.name() != null && !spec.name().equals(id.name())) {
            out.add(Violation.of(
                    "name", "mismatch", "the spec names " + spec.name() + " but the request is for " + id.name()));
        }
        if (spec.cluster() != null && !spec.cluster().equals(id.cluster())) {
            out.add(Violation.of(
                    "cluster",
                    "mismatch",
                    "the spec names cluster " + spec.cluster() + " but the request is for " + id.cluster()));
        }
        if (spec.kubeNamespace() != null && !spec.kubeNamespace().equals(id.namespace())) {
            out.add(Violation.of(
                    "kube_namespace",
                    "mismatch",
                    "the spec names namespace " + spec.kubeNamespace() + " but the request is for " + id.namespace()));
        }
        return out;
    }

    private static List<Violation> distinct(List<Violation> violations) {
        return violations.stream().distinct().toList();
    }

    private static Decision accepted(
            DeploymentRequested request,
            int revision,
            List<String> warnings,
            Optional<StoredRevision> created,
            Integer previousRevision,
            CatalogSnapshot catalog) {
        ClusterInfo cluster = catalog.cluster(request.deployment().cluster()).orElse(null);
        List<EventData> events = new ArrayList<>();
        events.add(new DeploymentAccepted(
                request.requestId(), request.deployment(), request.action(), revision, created.isPresent(), warnings));
        created.ifPresent(r -> events.add(new RevisionCreated(
                request.deployment(),
                r.revision(),
                previousRevision,
                request.requestId(),
                r.cause(),
                r.effectiveSpec(),
                r.bento(),
                r.instanceTypes(),
                cluster,
                r.createdAt())));
        RequestVerdict verdict = new RequestVerdict(
                request.requestId(),
                ACCEPTED,
                request.deployment().key(),
                request.action().name(),
                revision,
                created.isPresent(),
                null,
                List.of(),
                warnings);
        return new Decision(verdict, List.copyOf(events), created);
    }

    private static Decision rejected(
            DeploymentRequested request, Optional<CurrentDeployment> current, Reason reason, List<Violation> errors) {
        RequestVerdict verdict = new RequestVerdict(
                request.requestId(),
                REJECTED,
                request.deployment().key(),
                request.action().name(),
                current.map(CurrentDeployment::latestRevision).orElse(null),
                null,
                reason.name(),
                errors,
                List.of());
        EventData event =
                new DeploymentRejected(request.requestId(), request.deployment(), request.action(), reason, errors);
        return new Decision(verdict, List.of(event), Optional.empty());
    }
}
