package dev.tiffin.rollout.domain;

import dev.tiffin.contracts.events.data.ReplicasChanged;
import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.events.data.RolloutFailed;
import dev.tiffin.contracts.events.data.RolloutRolledBack;
import dev.tiffin.contracts.events.data.RolloutStarted;
import dev.tiffin.contracts.events.data.RolloutStepCompleted;
import dev.tiffin.contracts.events.data.WorkloadsRemoved;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.rollout.domain.RolloutOutcome.OutgoingEvent;
import dev.tiffin.rollout.domain.RolloutOutcome.ReplicaWrite;
import dev.tiffin.rollout.domain.RolloutOutcome.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The rollout executor's decisions as pure functions of the {@link RolloutRecord} and the observed workloads: start a
 * rollout, take the next step of each component ({@link StepPlanner}), complete it, fail it at the progress deadline
 * (and roll back to the stable revision), apply the autoscaler's targets, pause, resume, abort and remove. The
 * executor only carries the outcome out (ADR 0007).
 */
public final class RolloutEngine {

    public static final String REASON_DEADLINE = "progress_deadline_exceeded";
    public static final String REASON_ABORTED = "aborted";

    private RolloutEngine() {}

    /** A component of a new revision: its event name, Kubernetes name and bounds. */
    public record NewComponent(String name, String kubeName, WorkloadLimits limits) {}

    /**
     * A new revision: the rollout toward it starts. The stable revision is the previous target if its rollout had
     * completed, else the previous stable one. Each component keeps the replicas it runs now (within the new bounds).
     */
    public static RolloutOutcome start(
            Optional<RolloutRecord> previous,
            DeploymentId deployment,
            String clusterContext,
            int revision,
            List<NewComponent> components,
            long deadlineSeconds,
            Instant now) {
        Integer stable = previous.map(RolloutEngine::stableAfter).orElse(null);
        if (previous.isPresent() && previous.get().phase() == RolloutPhase.removing) {
            stable = null;
        }
        int generation = previous.map(p -> p.generation() + 1).orElse(1);
        Map<String, ComponentProgress> progress = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        String strategy = null;
        for (NewComponent c : components) {
            Integer running = previous.filter(p -> p.phase() != RolloutPhase.removing)
                    .map(p -> p.components().get(c.name()))
                    .map(ComponentProgress::targetReplicas)
                    .orElse(null);
            int target = c.limits().initialReplicas(running);
            progress.put(c.name(), ComponentProgress.start(c.kubeName(), target, now));
            strategy = strategy == null ? c.limits().strategy().wire() : strategy;
            for (String w : DowntimeWarnings.of(c.limits().strategy(), target)) {
                String prefixed = components.size() > 1 ? c.name() + ": " + w : w;
                if (!warnings.contains(prefixed)) {
                    warnings.add(prefixed);
                }
            }
        }
        RolloutRecord record = RolloutRecord.start(
                deployment,
                clusterContext,
                revision,
                Math.max(revision, previous.map(RolloutRecord::latestRevision).orElse(0)),
                stable,
                generation,
                null,
                null,
                null,
                now,
                deadlineSeconds,
                progress);
        OutgoingEvent started = new OutgoingEvent(
                seed(record, "started"),
                new RolloutStarted(deployment, revision, stable, strategy, List.copyOf(warnings)));
        return new RolloutOutcome(record, true, List.of(), List.of(), false, List.of(started), deadline(record));
    }

    /** The revision a new rollout can go back to: the previous target if it completed, else its stable one. */
    private static Integer stableAfter(RolloutRecord previous) {
        if (previous.phase() == RolloutPhase.complete) {
            return previous.targetRevision();
        }
        return previous.stableRevision();
    }

    /** One decision from the observed workloads of the deployment. */
    public static RolloutOutcome reconcile(
            RolloutRecord record, List<ObservedWorkload> observed, EngineMemory memory, Instant now) {
        if (record.phase() == RolloutPhase.removing) {
            return removal(record, observed);
        }
        Decision d = new Decision(record, memory);
        for (Map.Entry<String, ComponentProgress> e : record.components().entrySet()) {
            component(d, e.getKey(), e.getValue(), observed, now);
        }
        orphans(d, observed);
        if (d.record.progressing()) {
            finishOrFail(d, observed, now);
        }
        return d.outcome(deadline(d.record));
    }

    /** The autoscaler's decision for a component: the rollout's new target (within the target revision's bounds). */
    public static RolloutOutcome scale(
            RolloutRecord record, String component, int desired, Optional<WorkloadLimits> limits) {
        ComponentProgress c = record.components().get(component);
        if (c == null || record.phase() == RolloutPhase.removing) {
            return unchanged(record);
        }
        int target = limits.map(l -> l.clamp(desired)).orElse(desired);
        if (target == c.targetReplicas()) {
            return unchanged(record);
        }
        RolloutRecord next = record.withComponent(component, p -> p.withTarget(target));
        return new RolloutOutcome(next, true, List.of(), List.of(), false, List.of(), deadline(next));
    }

    public static RolloutOutcome pause(RolloutRecord record, boolean paused, Instant now) {
        if (!record.progressing() || record.paused() == paused) {
            return unchanged(record);
        }
        RolloutRecord next = record.withPaused(paused);
        if (!paused) {
            // Kubernetes resets the progress timer on resume: a paused rollout never times out.
            Map<String, ComponentProgress> reset = new LinkedHashMap<>();
            next.components().forEach((k, v) -> reset.put(k, v.progressed(now)));
            next = next.withComponents(reset);
        }
        return new RolloutOutcome(next, true, List.of(), List.of(), false, List.of(), deadline(next));
    }

    /** abort: the rollout fails with reason {@code aborted} and goes back to the stable revision. */
    public static RolloutOutcome abort(
            RolloutRecord record, List<ObservedWorkload> observed, String requester, Instant now) {
        if (!record.progressing()) {
            return unchanged(record);
        }
        Decision d = new Decision(record, EngineMemory.EMPTY);
        fail(
                d,
                observed,
                REASON_ABORTED,
                "the rollout of revision " + record.targetRevision() + " was aborted"
                        + (requester == null ? "" : " by " + requester),
                now);
        return d.outcome(deadline(d.record));
    }

    /** terminate or delete: scale everything to zero, then remove every object. */
    public static RolloutOutcome remove(
            RolloutRecord record, List<ObservedWorkload> observed, String cause, String requestId) {
        RolloutRecord next = record.removing(cause, requestId);
        RolloutOutcome removal = removal(next, observed);
        return new RolloutOutcome(
                removal.record(),
                removal.record() != null,
                removal.writes(),
                removal.deletions(),
                removal.removeEverything(),
                removal.events(),
                null);
    }

    /** terminate or delete of a deployment with no record: nothing runs; only leftovers (if any) are removed. */
    public static RolloutOutcome removeUnknown(DeploymentId deployment, String cause, String requestId) {
        return new RolloutOutcome(
                null,
                false,
                List.of(),
                List.of(),
                true,
                List.of(new OutgoingEvent("removed/" + requestId, new WorkloadsRemoved(deployment, cause))),
                null);
    }

    private static RolloutOutcome removal(RolloutRecord record, List<ObservedWorkload> observed) {
        List<ReplicaWrite> writes = observed.stream()
                .filter(w -> w.desired() > 0)
                .map(w -> new ReplicaWrite(w.kubeName(), w.revision(), 0))
                .toList();
        boolean gone = observed.stream().allMatch(w -> w.current() == 0);
        if (!gone) {
            return new RolloutOutcome(record, false, writes, List.of(), false, List.of(), null);
        }
        OutgoingEvent removed = new OutgoingEvent(
                "removed/" + record.removalRequestId(),
                new WorkloadsRemoved(record.deployment(), record.removalCause()));
        return new RolloutOutcome(null, false, writes, List.of(), true, List.of(removed), null);
    }

    private static void component(
            Decision d, String name, ComponentProgress progress, List<ObservedWorkload> observed, Instant now) {
        RolloutRecord record = d.record;
        ComponentProgress c = progress;
        List<ObservedWorkload> mine = observed.stream()
                .filter(w -> w.kubeName().equals(progress.kubeName()))
                .toList();
        Optional<ObservedWorkload> target = mine.stream()
                .filter(w -> w.revision() == record.targetRevision())
                .findFirst();
        if (target.isEmpty()) {
            return; // created but not yet seen: the next watch event brings it
        }
        List<ObservedWorkload> olds = mine.stream()
                .filter(w -> w.revision() != record.targetRevision() && w.active())
                .sorted(Comparator.comparingInt(ObservedWorkload::revision))
                .toList();
        RolloutState state = new RolloutState(
                target.get().replicas(),
                olds.stream().map(ObservedWorkload::replicas).toList());

        if (c.pending() != null) {
            // A step decided before a restart, or whose writes failed: apply it again, and after a restart publish its
            // event again (same id: consumers that saw it drop it), since the crash may have come before the publish.
            List<ReplicaWrite> missing = pendingWrites(c, mine);
            if (!missing.isEmpty() || d.memory.fresh()) {
                d.writes.addAll(missing);
                d.events.add(stepEvent(record, name, c, target.get(), olds, c.pending()));
            }
            if (!missing.isEmpty()) {
                d.states.put(name, state);
                return;
            }
            d.soft(name, ComponentProgress::withoutPending);
            c = c.withoutPending();
        }

        if (record.progressing() && !c.complete()) {
            RolloutState last = d.memory.states().get(name);
            if (last != null && ProgressDeadline.isProgress(last, state)) {
                d.soft(name, p -> p.progressed(now));
                c = c.progressed(now);
            }
        }
        d.states.put(name, state);

        if (!record.progressing()) {
            steady(d, name, c, target.get(), olds);
            return;
        }
        if (record.paused() || c.complete()) {
            return;
        }
        StrategyParameters parameters =
                StrategyParameters.resolve(target.get().limits().strategy(), c.targetReplicas());
        StepDecision decision = StepPlanner.next(parameters, state);
        if (decision.action().scales()) {
            Map<Integer, Integer> desired = new TreeMap<>();
            desired.put(record.targetRevision(), decision.newDesired());
            for (int i = 0; i < olds.size(); i++) {
                desired.put(olds.get(i).revision(), decision.oldDesired().get(i));
            }
            ComponentProgress stepped = c.stepped(desired, now);
            d.hard(name, p -> stepped);
            // remember the state the step leads to: its own writes are not progress to be counted again
            List<RevisionReplicas> oldsAfter = new ArrayList<>();
            for (int i = 0; i < olds.size(); i++) {
                oldsAfter.add(
                        olds.get(i).replicas().scaledTo(decision.oldDesired().get(i)));
            }
            d.states.put(name, new RolloutState(target.get().replicas().scaledTo(decision.newDesired()), oldsAfter));
            d.writes.addAll(pendingWrites(stepped, mine));
            d.events.add(stepEvent(record, name, stepped, target.get(), olds, desired));
        } else if (decision.action() == StepAction.COMPLETE) {
            d.hard(name, ComponentProgress::completed);
        }
    }

    /** After the rollout: the autoscaler's target is the target revision's replicas; old replicas go to zero. */
    private static void steady(
            Decision d, String name, ComponentProgress c, ObservedWorkload target, List<ObservedWorkload> olds) {
        if (d.record.phase() == RolloutPhase.complete && target.desired() != c.targetReplicas()) {
            d.writes.add(new ReplicaWrite(target.kubeName(), target.revision(), c.targetReplicas()));
        }
        for (ObservedWorkload old : olds) {
            if (d.record.phase() == RolloutPhase.complete && old.desired() > 0) {
                d.writes.add(new ReplicaWrite(old.kubeName(), old.revision(), 0));
            }
        }
        int desired = d.record.phase() == RolloutPhase.complete ? c.targetReplicas() : target.desired();
        ReplicasChanged now = new ReplicasChanged(
                d.record.deployment(), target.revision(), name, desired, target.ready(), target.ready());
        d.reported.put(name, now);
        if (!now.equals(d.memory.reported().get(name))) {
            d.events.add(new OutgoingEvent(null, now));
        }
    }

    /** Workloads of components the target revision no longer has: scaled to zero, deleted at completion. */
    private static void orphans(Decision d, List<ObservedWorkload> observed) {
        Set<String> known = d.record.components().values().stream()
                .map(ComponentProgress::kubeName)
                .collect(Collectors.toSet());
        observed.stream()
                .filter(w -> !known.contains(w.kubeName()) && w.desired() > 0)
                .forEach(w -> d.writes.add(new ReplicaWrite(w.kubeName(), w.revision(), 0)));
    }

    private static void finishOrFail(Decision d, List<ObservedWorkload> observed, Instant now) {
        RolloutRecord record = d.record;
        boolean allComplete = record.components().values().stream().allMatch(ComponentProgress::complete);
        boolean othersGone = observed.stream()
                .filter(w -> w.revision() != record.targetRevision() || !isKnown(record, w))
                .allMatch(w -> w.desired() == 0 && w.current() == 0);
        if (allComplete && othersGone && d.writes.isEmpty()) {
            complete(d, observed, now);
            return;
        }
        if (record.paused()) {
            return;
        }
        Duration deadline = Duration.ofSeconds(record.deadlineSeconds());
        for (Map.Entry<String, ComponentProgress> e : record.components().entrySet()) {
            ComponentProgress c = e.getValue();
            if (!c.complete() && c.lastProgress().plus(deadline).isBefore(now)) {
                fail(
                        d,
                        observed,
                        REASON_DEADLINE,
                        deadlineMessage(record, e.getKey(), c, d.states.get(e.getKey())),
                        now);
                return;
            }
        }
    }

    private static boolean isKnown(RolloutRecord record, ObservedWorkload w) {
        return record.components().values().stream().anyMatch(c -> c.kubeName().equals(w.kubeName()));
    }

    private static void complete(Decision d, List<ObservedWorkload> observed, Instant now) {
        RolloutRecord record = d.record;
        int replicas = record.components().values().stream()
                .mapToInt(ComponentProgress::targetReplicas)
                .sum();
        long millis = Duration.between(record.startedAt(), now).toMillis();
        d.record = record.completed();
        d.persist = true;
        observed.stream()
                .filter(w -> w.revision() != record.targetRevision() || !isKnown(record, w))
                .map(w -> new WorkloadRef(w.kubeName(), w.revision()))
                .forEach(d.deletions::add);
        // the replicas each component runs now, reported before the completion (the steps reported them as they were
        // decided), so that a reader who sees the deployment running also sees its ready replicas
        record.components().forEach((name, c) -> {
            RolloutState state = d.states.get(name);
            int ready = state == null ? c.targetReplicas() : state.newRevision().ready();
            ReplicasChanged counts = new ReplicasChanged(
                    record.deployment(), record.targetRevision(), name, c.targetReplicas(), ready, ready);
            d.reported.put(name, counts);
            d.events.add(new OutgoingEvent(null, counts));
        });
        if (record.rollbackOf() != null) {
            d.events.add(new OutgoingEvent(
                    seed(record, "rolled_back"),
                    new RolloutRolledBack(
                            record.deployment(),
                            record.rollbackOf(),
                            record.targetRevision(),
                            record.failureReason())));
        } else {
            d.events.add(new OutgoingEvent(
                    seed(record, "completed"),
                    new RolloutCompleted(record.deployment(), record.targetRevision(), millis, replicas)));
        }
    }

    /**
     * The rollout failed: the failure is reported, and when a stable revision exists (and still has its workloads) a
     * rollout back to it starts at once; otherwise the deployment stays failed, its pods left as they are.
     */
    private static void fail(Decision d, List<ObservedWorkload> observed, String reason, String message, Instant now) {
        RolloutRecord record = d.record;
        d.events.add(new OutgoingEvent(
                seed(record, "failed"),
                new RolloutFailed(record.deployment(), record.targetRevision(), reason, message)));
        Integer stable = record.stableRevision();
        boolean stableExists = stable != null
                && stable != record.targetRevision()
                && observed.stream().anyMatch(w -> w.revision() == stable);
        d.persist = true;
        if (!stableExists) {
            d.record = record.failed(reason, message);
            return;
        }
        Map<String, ComponentProgress> components = new LinkedHashMap<>();
        Map<String, ObservedWorkload> stableWorkloads = new LinkedHashMap<>();
        observed.stream().filter(w -> w.revision() == stable).forEach(w -> stableWorkloads.put(w.component(), w));
        stableWorkloads.forEach((name, w) -> {
            Integer running = Optional.ofNullable(record.components().get(name))
                    .map(ComponentProgress::targetReplicas)
                    .orElse(null);
            components.put(
                    name, ComponentProgress.start(w.kubeName(), w.limits().initialReplicas(running), now));
        });
        d.record = RolloutRecord.start(
                record.deployment(),
                record.clusterContext(),
                stable,
                record.latestRevision(),
                stable,
                record.generation() + 1,
                record.targetRevision(),
                reason,
                message,
                now,
                record.deadlineSeconds(),
                components);
        d.events.add(new OutgoingEvent(
                seed(d.record, "started"),
                new RolloutStarted(
                        record.deployment(),
                        stable,
                        record.targetRevision(),
                        stableWorkloads.values().stream()
                                .findFirst()
                                .map(w -> w.limits().strategy().wire())
                                .orElse(null),
                        List.of("rolling back to revision " + stable + ": " + message))));
    }

    private static String deadlineMessage(RolloutRecord record, String name, ComponentProgress c, RolloutState state) {
        String ready = state == null
                ? "no pod observed"
                : state.newRevision().ready() + " of " + state.newRevision().desired() + " new pod(s) ready";
        String why = state != null
                        && state.newRevision().desired() > 0
                        && state.newRevision().ready() == 0
                ? " (pods never became ready)"
                : "";
        return "component " + name + " of revision " + record.targetRevision() + " made no progress for "
                + record.deadlineSeconds() + " s: " + ready + why;
    }

    private static List<ReplicaWrite> pendingWrites(ComponentProgress c, List<ObservedWorkload> mine) {
        List<ReplicaWrite> writes = new ArrayList<>();
        c.pending()
                .forEach((revision, replicas) -> mine.stream()
                        .filter(w -> w.revision() == revision && w.desired() != replicas)
                        .findFirst()
                        .ifPresent(w -> writes.add(new ReplicaWrite(w.kubeName(), revision, replicas))));
        return writes;
    }

    private static OutgoingEvent stepEvent(
            RolloutRecord record,
            String name,
            ComponentProgress c,
            ObservedWorkload target,
            List<ObservedWorkload> olds,
            Map<Integer, Integer> desired) {
        int oldDesired = olds.stream()
                .mapToInt(w -> desired.getOrDefault(w.revision(), w.desired()))
                .sum();
        int oldReady = olds.stream().mapToInt(ObservedWorkload::ready).sum();
        int newDesired = desired.getOrDefault(target.revision(), target.desired());
        return new OutgoingEvent(
                seed(record, name + "/step/" + c.step()),
                new RolloutStepCompleted(
                        record.deployment(),
                        record.targetRevision(),
                        name,
                        c.step(),
                        newDesired,
                        target.ready(),
                        oldDesired,
                        oldReady,
                        target.ready() + oldReady));
    }

    private static Instant deadline(RolloutRecord record) {
        if (record == null || !record.progressing() || record.paused()) {
            return null;
        }
        Duration deadline = Duration.ofSeconds(record.deadlineSeconds());
        return record.components().values().stream()
                .filter(c -> !c.complete())
                .map(c -> c.lastProgress().plus(deadline).plusMillis(1))
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    private static String seed(RolloutRecord record, String what) {
        return "rollout/r" + record.targetRevision() + "/g" + record.generation() + "/" + what;
    }

    private static RolloutOutcome unchanged(RolloutRecord record) {
        return new RolloutOutcome(record, false, List.of(), List.of(), false, List.of(), deadline(record));
    }

    /** The decision being assembled. */
    private static final class Decision {
        RolloutRecord record;
        boolean persist;
        final List<ReplicaWrite> writes = new ArrayList<>();
        final List<WorkloadRef> deletions = new ArrayList<>();
        final List<OutgoingEvent> events = new ArrayList<>();
        final Map<String, RolloutState> states = new LinkedHashMap<>();
        final Map<String, ReplicasChanged> reported = new LinkedHashMap<>();
        final EngineMemory memory;

        Decision(RolloutRecord record, EngineMemory memory) {
            this.record = record;
            this.memory = memory;
            this.reported.putAll(memory.reported());
        }

        void soft(String name, java.util.function.UnaryOperator<ComponentProgress> change) {
            record = record.withComponent(name, change);
        }

        void hard(String name, java.util.function.UnaryOperator<ComponentProgress> change) {
            record = record.withComponent(name, change);
            persist = true;
        }

        RolloutOutcome outcome(Instant wakeAt) {
            return new RolloutOutcome(
                    record, persist, writes, deletions, false, events, wakeAt, new EngineMemory(states, reported));
        }
    }
}
