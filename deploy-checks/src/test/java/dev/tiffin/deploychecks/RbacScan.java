package dev.tiffin.deploychecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a service does with the Kubernetes API, read from its main sources: every fabric8 DSL chain
 * ({@code client.apps().deployments().inNamespace(ns).withName(n).edit(...)}), as the RBAC resource it names
 * ({@code apps/deployments}; core group empty: {@code /pods}) and the verbs its operations need ({@code get, patch}).
 *
 * <p>A chain stored in a variable or field ({@code var r = client.secrets()...withName(n); r.get()}) is followed to
 * the operations called on that name in the same file. A chain whose operations cannot be found is reported as
 * unresolved, so that code the scan does not understand fails the RBAC check instead of passing it.
 */
final class RbacScan {

    /** A service's API use: resource → verbs, where each was seen, and chains the scan could not follow. */
    record Usage(Map<String, Set<String>> access, Map<String, Set<String>> seenAt, List<String> unresolved) {

        boolean isEmpty() {
            return access.isEmpty() && unresolved.isEmpty();
        }
    }

    /** DSL entry points → RBAC resource ({@code group/resource}). Order matters: the longest first. */
    private static final Map<Pattern, String> RESOURCES = new LinkedHashMap<>();

    static {
        RESOURCES.put(Pattern.compile("\\.top\\(\\)\\.pods\\(\\)"), "metrics.k8s.io/pods");
        RESOURCES.put(Pattern.compile("\\.top\\(\\)\\.nodes\\(\\)"), "metrics.k8s.io/nodes");
        RESOURCES.put(Pattern.compile("\\.resources\\(PodMetrics\\.class\\)"), "metrics.k8s.io/pods");
        RESOURCES.put(Pattern.compile("\\.resources\\(NodeMetrics\\.class\\)"), "metrics.k8s.io/nodes");
        RESOURCES.put(Pattern.compile("\\.apps\\(\\)\\.deployments\\(\\)"), "apps/deployments");
        RESOURCES.put(Pattern.compile("\\.apps\\(\\)\\.replicaSets\\(\\)"), "apps/replicasets");
        RESOURCES.put(Pattern.compile("\\.apps\\(\\)\\.statefulSets\\(\\)"), "apps/statefulsets");
        RESOURCES.put(Pattern.compile("\\.resources\\(Deployment\\.class\\)"), "apps/deployments");
        RESOURCES.put(
                Pattern.compile("\\.discovery\\(\\)\\.v1\\(\\)\\.endpointSlices\\(\\)"),
                "discovery.k8s.io/endpointslices");
        RESOURCES.put(
                Pattern.compile("\\.autoscaling\\(\\)\\.v2\\(\\)\\.horizontalPodAutoscalers\\(\\)"),
                "autoscaling/horizontalpodautoscalers");
        RESOURCES.put(Pattern.compile("(?<!top\\(\\))\\.pods\\(\\)"), "/pods");
        RESOURCES.put(Pattern.compile("\\.services\\(\\)"), "/services");
        RESOURCES.put(Pattern.compile("\\.secrets\\(\\)"), "/secrets");
        RESOURCES.put(Pattern.compile("\\.configMaps\\(\\)"), "/configmaps");
        RESOURCES.put(Pattern.compile("\\.endpoints\\(\\)"), "/endpoints");
        RESOURCES.put(Pattern.compile("\\.namespaces\\(\\)"), "/namespaces");
        RESOURCES.put(Pattern.compile("(?<!top\\(\\))\\.nodes\\(\\)"), "/nodes");
        RESOURCES.put(
                Pattern.compile("\\.v1\\(\\)\\.events\\(\\)|\\.events\\(\\)\\.v1\\(\\)\\.events\\(\\)"), "/events");
        RESOURCES.put(Pattern.compile("\\.serviceAccounts\\(\\)"), "/serviceaccounts");
        RESOURCES.put(Pattern.compile("\\.persistentVolumeClaims\\(\\)"), "/persistentvolumeclaims");
    }

    /** What may follow a resource call in a fabric8 chain (tells a fabric8 chain from {@code desired.services()}). */
    private static final Pattern DSL_NEXT = Pattern.compile(
            "^\\.(inNamespace|inAnyNamespace|withName|withLabel|withLabels|withoutLabel|withLabelSelector|withField|"
                    + "withFields|resource|resources|load|list|get|inform|informer|runnableInformer|watch|delete|"
                    + "create|createOr|createOrReplace|metrics|metric|withGracePeriod|withPropagationPolicy|"
                    + "withTimeout|withResourceVersion|withNewFilter|withInvolvedObject)\\(");

    /** fabric8 operations and the verbs they need ("+s" / "+scale": on the status / scale subresource). */
    private static final Pattern OPERATION = Pattern.compile(
            "\\.(get|list|watch|inform|informer|runnableInformer|sharedIndexInformer|waitUntilCondition|"
                    + "waitUntilReady|create|createOr|createOrReplace|replace|update|edit|patch|serverSideApply|"
                    + "updateStatus|replaceStatus|editStatus|patchStatus|scale|delete|metrics|metric|getLog|watchLog)"
                    + "\\(([^()]*)");

    private static final Pattern ASSIGNED = Pattern.compile("^(?:[\\w<>?,\\[\\]]+\\s+)?(?:this\\.)?(\\w+)=");

    private RbacScan() {}

    /** The API use of one Java source (for the scan's own tests). */
    static Usage scanSource(String where, String code) {
        Map<String, Set<String>> access = new TreeMap<>();
        Map<String, Set<String>> seenAt = new TreeMap<>();
        List<String> unresolved = new ArrayList<>();
        scanFile(where, code, access, seenAt, unresolved);
        return new Usage(access, seenAt, unresolved);
    }

    static Usage scan(QuarkusService service) {
        Map<String, Set<String>> access = new TreeMap<>();
        Map<String, Set<String>> seenAt = new TreeMap<>();
        List<String> unresolved = new ArrayList<>();
        Path sources = service.dir().resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return new Usage(access, seenAt, unresolved);
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code = Repo.read(file);
                if (!code.contains("io.fabric8.kubernetes.client")) {
                    continue;
                }
                scanFile(Repo.ROOT.relativize(file).toString(), code, access, seenAt, unresolved);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Usage(access, seenAt, unresolved);
    }

    private static void scanFile(
            String where,
            String code,
            Map<String, Set<String>> access,
            Map<String, Set<String>> seenAt,
            List<String> unresolved) {
        List<String> statements = statements(stripCommentsAndStrings(code));
        for (String statement : statements) {
            for (Map.Entry<Pattern, String> resource : RESOURCES.entrySet()) {
                Matcher m = resource.getKey().matcher(statement);
                while (m.find()) {
                    String rest = statement.substring(m.end());
                    if (!DSL_NEXT.matcher(rest).find()) {
                        continue;
                    }
                    Set<String> verbs = new TreeSet<>();
                    boolean named =
                            rest.contains(".withName(") || rest.contains(".resource(") || rest.contains(".load(");
                    String subresourceless = resource.getValue();
                    addVerbs(rest, named, subresourceless, access, verbs);
                    if (verbs.isEmpty()) {
                        // the chain is kept in a variable or field: follow its name
                        Matcher a = ASSIGNED.matcher(statement);
                        if (a.find()) {
                            String name = a.group(1);
                            Pattern use = Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + "(\\..*)");
                            for (String other : statements) {
                                Matcher u = use.matcher(other);
                                while (u.find()) {
                                    addVerbs(u.group(1), named, subresourceless, access, verbs);
                                }
                            }
                        }
                    }
                    if (verbs.isEmpty()) {
                        unresolved.add(where + ": " + statement);
                    } else {
                        seenAt.computeIfAbsent(resource.getValue(), k -> new TreeSet<>())
                                .add(where);
                    }
                }
            }
        }
    }

    /**
     * The verbs of the first fabric8 operation in {@code chain}, added to {@code access} (subresources as
     * {@code res/status}, {@code res/scale}); a delete without a name is a {@code deletecollection}.
     */
    private static void addVerbs(
            String chain, boolean named, String resource, Map<String, Set<String>> access, Set<String> found) {
        Matcher op = OPERATION.matcher(chain);
        while (op.find()) {
            String args = op.group(2);
            List<String[]> grants = new ArrayList<>();
            switch (op.group(1)) {
                case "get" -> {
                    if (args.isEmpty()) {
                        grants.add(new String[] {resource, "get"});
                    }
                }
                case "list", "metrics" -> grants.add(new String[] {resource, "list"});
                case "metric" -> grants.add(new String[] {resource, "get"});
                case "watch" -> grants.add(new String[] {resource, "watch"});
                case "inform",
                        "informer",
                        "runnableInformer",
                        "sharedIndexInformer",
                        "waitUntilCondition",
                        "waitUntilReady" -> {
                    grants.add(new String[] {resource, "list"});
                    grants.add(new String[] {resource, "watch"});
                }
                case "create" -> grants.add(new String[] {resource, "create"});
                case "createOr" -> {
                    grants.add(new String[] {resource, "create"});
                    grants.add(new String[] {resource, args.contains("patch") ? "patch" : "update"});
                }
                case "createOrReplace" -> {
                    grants.add(new String[] {resource, "create"});
                    grants.add(new String[] {resource, "update"});
                }
                case "replace", "update" -> grants.add(new String[] {resource, "update"});
                case "edit" -> {
                    grants.add(new String[] {resource, "get"});
                    grants.add(new String[] {resource, "patch"});
                }
                case "patch", "serverSideApply" -> grants.add(new String[] {resource, "patch"});
                case "updateStatus", "replaceStatus" -> grants.add(new String[] {resource + "/status", "update"});
                case "editStatus", "patchStatus" -> grants.add(new String[] {resource + "/status", "patch"});
                case "scale" -> {
                    grants.add(new String[] {resource + "/scale", "get"});
                    if (!args.isEmpty()) {
                        grants.add(new String[] {resource + "/scale", "patch"});
                    }
                }
                case "delete" -> grants.add(new String[] {resource, named ? "delete" : "deletecollection"});
                case "getLog", "watchLog" -> grants.add(new String[] {resource + "/log", "get"});
                default -> {}
            }
            for (String[] g : grants) {
                access.computeIfAbsent(g[0], k -> new TreeSet<>()).add(g[1]);
                found.add(g[1]);
            }
            if (!grants.isEmpty()) {
                // the first operation ends the fabric8 chain: what follows works on its result (a list, an object)
                return;
            }
        }
    }

    /** Java without comments, with string and char literals emptied, and without whitespace. */
    static String stripCommentsAndStrings(String code) {
        StringBuilder out = new StringBuilder(code.length());
        int i = 0;
        int n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                while (i < n && code.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"' && code.startsWith("\"\"\"", i)) {
                int end = code.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
                out.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && code.charAt(j) != c) {
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                out.append(c).append(c);
            } else {
                if (!Character.isWhitespace(c)) {
                    out.append(c);
                } else if (out.length() > 0 && Character.isJavaIdentifierPart(out.charAt(out.length() - 1))) {
                    out.append(' ');
                }
                i++;
            }
        }
        // keep one space only where it separates two words (`var r`, `return x`), drop it before dots and brackets
        return out.toString().replaceAll(" (?=[^\\w])", "");
    }

    /** Statements: split at {@code ;}, {@code {} and {@code }} outside parentheses. */
    static List<String> statements(String code) {
        List<String> statements = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && (c == ';' || c == '{' || c == '}')) {
                String s = code.substring(start, i).trim();
                if (!s.isEmpty()) {
                    statements.add(s);
                }
                start = i + 1;
            }
        }
        return statements;
    }
}
