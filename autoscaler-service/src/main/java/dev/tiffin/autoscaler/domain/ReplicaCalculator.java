package dev.tiffin.autoscaler.domain;

import dev.tiffin.autoscaler.domain.MetricRecommendation.Outcome;

/**
 * The per-metric proposal of the Kubernetes HPA ({@code replica_calculator.go}), ported operation for operation:
 * cpu, memory and gpu follow {@code GetResourceReplicas} (pooled utilisation {@code (int)(Σusage × 100 / Σrequest)});
 * qps follows {@code calcPlainMetricReplicas} (Pods metric, AverageValue target: {@code Σusage / n}, integer). Both
 * use milli-units and integer division where Go does, then the same missing-pod and unready-pod rules.
 */
public final class ReplicaCalculator {

    /** The request a component-wide utilisation average is spread over, per ready pod (100 % in milli-percent). */
    static final long AVERAGE_REQUEST = 100_000;

    private ReplicaCalculator() {}

    /** The proposal of one metric for a component currently at {@code currentReplicas} (> 0). */
    public static MetricRecommendation propose(
            Target target, MetricReading reading, int currentReplicas, int readyReplicas, Tolerance tolerance) {
        if (reading == null) {
            return MetricRecommendation.unavailable(target);
        }
        Tally tally = reading instanceof MetricReading.Pods pods
                ? Tally.of(pods, target)
                : Tally.of((MetricReading.Average) reading, target, currentReplicas, readyReplicas);
        if (tally == null) {
            return MetricRecommendation.unavailable(target);
        }
        return target.type().isUtilisation()
                ? utilisation(target, tally, currentReplicas, tolerance)
                : plain(target, tally, currentReplicas, tolerance);
    }

    private static MetricRecommendation utilisation(Target target, Tally t, int current, Tolerance tolerance) {
        if (t.requests == 0) {
            return MetricRecommendation.unavailable(target); // "no metrics returned matched known pods"
        }
        int utilisation = (int) ((t.usage * 100) / t.requests);
        double ratio = utilisation / target.value();
        boolean scaleUpWithUnready = t.unready > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && t.missing == 0) {
            return tolerance.isWithin(ratio)
                    ? held(target, utilisation, ratio, current)
                    : computed(target, utilisation, ratio, (int) Math.ceil(ratio * t.ready));
        }
        long usage = t.usage;
        long requests = t.requests;
        int entries = t.entries;
        if (t.missing > 0) {
            if (ratio < 1.0) {
                usage += t.missingFallbackUsage;
                requests += t.missingRequests;
                entries += t.missing;
            } else if (ratio > 1.0) {
                requests += t.missingRequests;
                entries += t.missing;
            }
        }
        if (scaleUpWithUnready) {
            requests += t.unreadyRequests;
            entries += t.unready;
        }
        double newRatio = ((int) ((usage * 100) / requests)) / target.value();
        return settle(target, utilisation, ratio, newRatio, entries, current, tolerance);
    }

    private static MetricRecommendation plain(Target target, Tally t, int current, Tolerance tolerance) {
        long targetUsage = milli(target.value());
        long usage = t.usage / t.entries;
        double ratio = (double) usage / (double) targetUsage;
        double value = usage / 1000.0;
        boolean scaleUpWithUnready = t.unready > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && t.missing == 0) {
            return tolerance.isWithin(ratio)
                    ? held(target, value, ratio, current)
                    : computed(target, value, ratio, (int) Math.ceil(ratio * t.ready));
        }
        long total = t.usage;
        int entries = t.entries;
        if (t.missing > 0) {
            if (ratio < 1.0) {
                total += targetUsage * t.missing;
            }
            entries += t.missing;
        }
        if (scaleUpWithUnready) {
            entries += t.unready;
        }
        double newRatio = (double) (total / entries) / (double) targetUsage;
        return settle(target, value, ratio, newRatio, entries, current, tolerance);
    }

    /** The second half of both calculations: re-check the tolerance and the direction with the assumed values. */
    private static MetricRecommendation settle(
            Target target, double value, double ratio, double newRatio, int entries, int current, Tolerance tolerance) {
        if (tolerance.isWithin(newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) {
            return held(target, value, ratio, current);
        }
        int replicas = (int) Math.ceil(newRatio * entries);
        if ((newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current)) {
            return held(target, value, ratio, current);
        }
        return computed(target, value, ratio, replicas);
    }

    private static MetricRecommendation held(Target target, double value, double ratio, int current) {
        return MetricRecommendation.of(target.type(), target.value(), value, ratio, current, Outcome.HELD);
    }

    private static MetricRecommendation computed(Target target, double value, double ratio, int replicas) {
        return MetricRecommendation.of(target.type(), target.value(), value, ratio, replicas, Outcome.COMPUTED);
    }

    static long milli(double value) {
        return Math.round(value * 1000);
    }

    /**
     * What {@code groupPods} and the metric maps amount to: the ready pods' usage and requests, how many entries the
     * metric map holds (ready plus unmatched samples), and the missing and unready pods with their requests.
     */
    private static final class Tally {
        int ready;
        int entries;
        long usage;
        long requests;
        int missing;
        long missingRequests;
        long missingFallbackUsage;
        int unready;
        long unreadyRequests;

        static Tally of(MetricReading.Pods reading, Target target) {
            Tally t = new Tally();
            boolean utilisation = target.type().isUtilisation();
            long fallback = (long) Math.max(100, target.value());
            for (PodSample pod : reading.pods()) {
                if (pod.state() != PodState.UNMATCHED && utilisation && pod.request() <= 0) {
                    return null; // "missing request for ..."
                }
                switch (pod.state()) {
                    case IGNORED -> {}
                    case UNREADY -> {
                        t.unready++;
                        t.unreadyRequests += pod.request();
                    }
                    case UNMATCHED -> {
                        t.entries++;
                        if (!utilisation) {
                            t.usage += pod.usage();
                        }
                    }
                    case READY -> {
                        if (pod.usage() == null) {
                            t.missing++;
                            t.missingRequests += pod.request();
                            t.missingFallbackUsage += pod.request() * fallback / 100;
                        } else {
                            t.ready++;
                            t.entries++;
                            t.usage += pod.usage();
                            t.requests += pod.request();
                        }
                    }
                }
            }
            boolean noPods = t.ready + t.missing + t.unready == 0;
            return noPods || t.entries == 0 ? null : t;
        }

        static Tally of(MetricReading.Average reading, Target target, int current, int readyReplicas) {
            int ready = Math.min(readyReplicas, current);
            if (ready <= 0) {
                return null; // "did not receive metrics for targeted pods (pods might be unready)"
            }
            Tally t = new Tally();
            t.ready = ready;
            t.entries = ready;
            t.unready = current - ready;
            if (target.type().isUtilisation()) {
                t.usage = milli(reading.value()) * ready;
                t.requests = AVERAGE_REQUEST * ready;
                t.unreadyRequests = AVERAGE_REQUEST * t.unready;
            } else {
                t.usage = milli(reading.value());
            }
            return t;
        }
    }
}
