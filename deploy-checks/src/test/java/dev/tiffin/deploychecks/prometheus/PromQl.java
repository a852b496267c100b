package dev.tiffin.deploychecks.prometheus;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL to find the metrics an expression reads, and to turn a Grafana query into PromQL. Not a parser:
 * whether an expression is valid is for a real Prometheus to say ({@link QueryChecker}).
 */
public final class PromQl {

    /** Words that are not metric names where an identifier may stand. */
    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "atan2",
            "inf",
            "nan",
            // aggregation operators: `sum by (job) (x)` puts the grouping between the name and its parenthesis
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");

    /** Keywords followed by a parenthesised list of label names. */
    private static final Set<String> LABEL_LIST_KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private static final Pattern GRAFANA_VARIABLE =
            Pattern.compile("\\$\\{[^}]+}|\\[\\[[^]]+]]|\\$[A-Za-z_][A-Za-z0-9_]*");

    private PromQl() {}

    /**
     * The metrics an expression reads: metric names ({@code rate(foo_total[5m])} → {@code foo_total}) and, for a
     * selector by name ({@code {__name__=~"tiffin_.+_total"}}), the selector itself.
     */
    public static Set<MetricRef> metrics(String expr) {
        Set<MetricRef> refs = new TreeSet<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '#') {
                int eol = expr.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            } else if (c == '{') {
                int close = closing(expr, i, '{', '}');
                nameMatchers(expr.substring(i + 1, close), refs);
                i = close + 1;
            } else if (c == '[') {
                i = closing(expr, i, '[', ']') + 1;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n
                        && (Character.isLetterOrDigit(expr.charAt(i))
                                || expr.charAt(i) == '_'
                                || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpaces(expr, i);
                boolean call = next < n && expr.charAt(next) == '(';
                if (LABEL_LIST_KEYWORDS.contains(word.toLowerCase())) {
                    if (call) {
                        i = closing(expr, next, '(', ')') + 1;
                    }
                } else if (!call && !KEYWORDS.contains(word.toLowerCase())) {
                    refs.add(MetricRef.name(word));
                }
            } else {
                i++;
            }
        }
        return refs;
    }

    /** {@code __name__="x"} / {@code __name__=~"re"} in a label-matcher block. */
    private static void nameMatchers(String block, Set<MetricRef> refs) {
        var m = Pattern.compile("__name__\\s*(=~|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(block);
        while (m.find()) {
            refs.add(m.group(1).equals("=") ? MetricRef.name(m.group(2)) : MetricRef.regex(m.group(2)));
        }
    }

    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != quote) {
            if (s.charAt(j) == '\\' && quote != '`') {
                j++;
            }
            j++;
        }
        return j + 1;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int closing(String s, int open, char o, char c) {
        int depth = 0;
        for (int j = open; j < s.length(); j++) {
            char ch = s.charAt(j);
            if (ch == '"' || ch == '\'' || ch == '`') {
                j = skipString(s, j) - 1;
            } else if (ch == o) {
                depth++;
            } else if (ch == c && --depth == 0) {
                return j;
            }
        }
        throw new IllegalArgumentException("unbalanced " + o + c + " in: " + s);
    }

    /**
     * A Grafana query as PromQL: {@code $__rate_interval} and {@code $__interval} become {@code 1m},
     * {@code $__range} {@code 1h}, every template variable {@code .*} (Tiffin's dashboards match variables with
     * {@code =~}); {@code label_values(selector, label)} becomes the selector; {@code query_result(q)} the query.
     * Empty when the query names no metric ({@code label_values(label)}).
     */
    public static String fromGrafana(String query) {
        String q = query.trim();
        if (q.startsWith("label_values(") && q.endsWith(")")) {
            String inner = q.substring("label_values(".length(), q.length() - 1);
            int comma = topLevelLastComma(inner);
            if (comma < 0) {
                return "";
            }
            q = inner.substring(0, comma).trim();
        } else if (q.startsWith("query_result(") && q.endsWith(")")) {
            q = q.substring("query_result(".length(), q.length() - 1);
        }
        q = q.replace("$__rate_interval", "1m")
                .replace("${__rate_interval}", "1m")
                .replace("$__interval", "1m")
                .replace("${__interval}", "1m")
                .replace("$__range_s", "3600")
                .replace("$__range", "1h")
                .replace("${__range}", "1h");
        return GRAFANA_VARIABLE.matcher(q).replaceAll(".*");
    }

    private static int topLevelLastComma(String s) {
        int depth = 0;
        int last = -1;
        for (int j = 0; j < s.length(); j++) {
            char ch = s.charAt(j);
            if (ch == '"' || ch == '\'' || ch == '`') {
                j = skipString(s, j) - 1;
            } else if (ch == '(' || ch == '{' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == '}' || ch == ']') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                last = j;
            }
        }
        return last;
    }

    /** A metric an expression reads: by name, or by a {@code __name__} regular expression. */
    public record MetricRef(String name, boolean isRegex) implements Comparable<MetricRef> {

        static MetricRef name(String name) {
            return new MetricRef(name, false);
        }

        static MetricRef regex(String regex) {
            return new MetricRef(regex, true);
        }

        /** A selector that returns the metric's series, whatever their labels. */
        public String selector() {
            return isRegex ? "{__name__=~\"" + name + "\"}" : "{__name__=\"" + name + "\"}";
        }

        /** Whether a series name is this metric (a regex is anchored, as in PromQL). */
        public boolean matches(String seriesName) {
            return isRegex ? seriesName.matches(name) : seriesName.equals(name);
        }

        @Override
        public int compareTo(MetricRef o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return isRegex ? "{__name__=~\"" + name + "\"}" : name;
        }
    }
}
