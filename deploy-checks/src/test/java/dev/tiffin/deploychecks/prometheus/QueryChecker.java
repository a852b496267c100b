package dev.tiffin.deploychecks.prometheus;

import dev.tiffin.deploychecks.prometheus.PromExpressions.Expression;
import dev.tiffin.deploychecks.prometheus.PromExpressions.Kind;
import dev.tiffin.deploychecks.prometheus.PromQl.MetricRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs every expression against a real Prometheus and tells, for each, whether it parses (and evaluates), which of the
 * metrics it reads the scraped targets do not export, and how many series it returns. The verdicts are the callers':
 * {@link Report#notParsed()}, {@link Report#withoutData()}, {@link Report#notScraped()}.
 */
public final class QueryChecker {

    private final PrometheusServer prometheus;
    private final Map<MetricRef, Boolean> present = new HashMap<>();

    public QueryChecker(PrometheusServer prometheus) {
        this.prometheus = prometheus;
    }

    /**
     * The outcome of one expression. {@code error} is Prometheus' error (a parse error has type {@code bad_data}),
     * {@code missing} the metrics it reads that no scraped target exports, {@code series} the size of its result.
     */
    public record Outcome(Expression expression, String error, Set<MetricRef> missing, int series) {

        public boolean parsed() {
            return error == null;
        }

        /** Every metric it reads is exported by a scraped target. */
        public boolean scraped() {
            return missing.isEmpty();
        }

        @Override
        public String toString() {
            if (!parsed()) {
                return expression + "\n    → " + error;
            }
            if (!scraped()) {
                return expression + "\n    → not scraped: " + missing;
            }
            return expression + "\n    → " + series + " series";
        }
    }

    /** The outcomes of a set of expressions, and the questions the tests ask of them. */
    public record Report(List<Outcome> outcomes) {

        /** Expressions Prometheus refused (parse or evaluation errors). */
        public List<Outcome> notParsed() {
            return outcomes.stream().filter(o -> !o.parsed()).toList();
        }

        /** Expressions reading a metric no scraped target exports. */
        public List<Outcome> notScraped() {
            return outcomes.stream().filter(o -> o.parsed() && !o.scraped()).toList();
        }

        /**
         * Expressions whose metrics are all exported but that still return nothing. An alert rule is expected to
         * return nothing while nothing is wrong, so only dashboard queries count.
         */
        public List<Outcome> withoutData() {
            return outcomes.stream()
                    .filter(o -> o.parsed()
                            && o.scraped()
                            && o.series() == 0
                            && o.expression().kind() == Kind.DASHBOARD)
                    .toList();
        }

        /** Expressions that parse, read only exported metrics and (dashboards) return data. */
        public List<Outcome> withData() {
            return outcomes.stream()
                    .filter(o -> o.parsed()
                            && o.scraped()
                            && (o.series() > 0 || o.expression().kind() != Kind.DASHBOARD))
                    .toList();
        }

        public String describe(List<Outcome> some) {
            StringBuilder s = new StringBuilder();
            some.forEach(o -> s.append("\n  ").append(o));
            return s.toString();
        }
    }

    public Report check(List<Expression> expressions) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Expression e : expressions) {
            if (e.promql().isBlank()) {
                continue;
            }
            PrometheusServer.QueryResult result = prometheus.query(e.promql());
            if (!result.ok()) {
                outcomes.add(new Outcome(e, result.errorType() + ": " + result.error(), Set.of(), 0));
                continue;
            }
            Set<MetricRef> missing = new TreeSet<>();
            for (MetricRef ref : PromQl.metrics(e.promql())) {
                if (!exported(ref)) {
                    missing.add(ref);
                }
            }
            outcomes.add(new Outcome(e, null, missing, result.seriesCount()));
        }
        return new Report(List.copyOf(outcomes));
    }

    /** Whether any scraped series is this metric (asked once per metric). */
    public boolean exported(MetricRef ref) {
        return present.computeIfAbsent(ref, r -> {
            PrometheusServer.QueryResult result = prometheus.query("count(" + r.selector() + ")");
            if (!result.ok()) {
                throw new AssertionError("prometheus refused the selector " + r.selector() + ": " + result.error());
            }
            return result.seriesCount() > 0;
        });
    }
}
