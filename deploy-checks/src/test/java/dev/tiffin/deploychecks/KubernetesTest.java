package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * k8s/: the base and every overlay, rendered with {@code kubectl kustomize}, checked object by object against the
 * services (ports, images, configuration keys) and the security and RBAC policy of docs/operations.md.
 */
class KubernetesTest {

    static final String NAMESPACE = "tiffin";
    static final String SECRET = "tiffin-secrets";
    static final List<String> READ = List.of("get", "list", "watch");
    static final List<String> WRITE = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    /**
     * The Kubernetes API each service is planned to use (apiGroup/resource → verbs), for a service whose sources make
     * no fabric8 call yet. As soon as its code calls the API, {@link RbacScan} of its sources decides instead.
     */
    static final Map<String, Map<String, List<String>>> PLAN = Map.of(
            "rollout-service",
            Map.of(
                    "apps/deployments", WRITE,
                    "/services", WRITE,
                    "/secrets", WRITE,
                    "/pods", READ,
                    "/endpoints", READ),
            "autoscaler-service",
            Map.of("/pods", READ, "metrics.k8s.io/pods", List.of("get", "list")),
            "traffic-service",
            Map.of("/endpoints", List.of("list", "watch"), "/services", List.of("list", "watch")));

    /** Secrets the manifests may reference: the one you create, and the app user CloudNativePG generates. */
    static final Set<String> SECRETS = Set.of(SECRET, "tiffin-db-app");

    /** What each service's Role must grant: what its code does (or, before its code calls the API, the plan). */
    static Map<String, Map<String, Set<String>>> expectedAccess() {
        Map<String, Map<String, Set<String>>> expected = new TreeMap<>();
        for (QuarkusService service : Repo.services()) {
            RbacScan.Usage usage = RbacScan.scan(service);
            assertThat(usage.unresolved())
                    .as(
                            "fabric8 chains of %s whose operations the RBAC scan cannot find (write the operation in the"
                                    + " chain, or on the variable holding it)",
                            service.name())
                    .isEmpty();
            Map<String, Set<String>> access = new TreeMap<>();
            if (!usage.isEmpty()) {
                usage.access().forEach((resource, verbs) -> access.put(resource, new TreeSet<>(verbs)));
            } else if (PLAN.containsKey(service.name())) {
                PLAN.get(service.name()).forEach((resource, verbs) -> access.put(resource, new TreeSet<>(verbs)));
            }
            if (!access.isEmpty()) {
                expected.put(service.name(), access);
            }
        }
        return expected;
    }

    @TestFactory
    Stream<DynamicContainer> everyKustomizationRendersAndPassesTheChecks() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Repo.path("k8s/base"));
        try (Stream<Path> overlays = Files.list(Repo.path("k8s/overlays"))) {
            overlays.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .sorted()
                    .forEach(dirs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(dirs).as("k8s/ has overlays").hasSizeGreaterThan(1);
        return dirs.stream().map(dir -> {
            String label = Repo.ROOT.relativize(dir).toString();
            Rendered rendered = new Rendered(label, Repo.yamlDocuments(Repo.kustomize(dir)));
            return DynamicContainer.dynamicContainer(
                    label,
                    Stream.of(
                            DynamicTest.dynamicTest(
                                    "every service has a Deployment, a Service and a PDB",
                                    rendered::everyServiceIsDeployed),
                            DynamicTest.dynamicTest("probes, resources, image, ports", rendered::workloads),
                            DynamicTest.dynamicTest("security context", rendered::securityContexts),
                            DynamicTest.dynamicTest("Services target the container ports", rendered::services),
                            DynamicTest.dynamicTest("environment names keys the services read", rendered::environment),
                            DynamicTest.dynamicTest("RBAC is least privilege", rendered::rbac),
                            DynamicTest.dynamicTest(
                                    "PodDisruptionBudgets fit the replicas", rendered::disruptionBudgets),
                            DynamicTest.dynamicTest("namespace", rendered::namespaces)));
        });
    }

    record Rendered(String label, List<JsonNode> objects) {

        List<JsonNode> ofKind(String kind) {
            return objects.stream()
                    .filter(o -> kind.equals(Repo.text(o, "kind")))
                    .toList();
        }

        JsonNode named(String kind, String name) {
            return ofKind(kind).stream()
                    .filter(o -> name.equals(Repo.text(o.path("metadata"), "name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(label + ": no " + kind + " " + name));
        }

        static JsonNode container(JsonNode deployment) {
            JsonNode containers =
                    deployment.path("spec").path("template").path("spec").path("containers");
            assertThat(containers.size())
                    .as("containers of %s", name(deployment))
                    .isEqualTo(1);
            return containers.get(0);
        }

        static String name(JsonNode object) {
            return Repo.text(object.path("metadata"), "name");
        }

        void everyServiceIsDeployed() {
            Set<String> expected = new TreeSet<>();
            Repo.services().forEach(s -> expected.add(s.name()));
            for (String kind : List.of("Deployment", "Service", "ServiceAccount", "PodDisruptionBudget")) {
                Set<String> names = new TreeSet<>();
                ofKind(kind).forEach(o -> names.add(name(o)));
                assertThat(names).as("%s: %s objects", label, kind).isEqualTo(expected);
            }
            assertThat(ofKind("Secret"))
                    .as("%s: no Secret is in the repository (tiffin-secrets is created by hand)", label)
                    .isEmpty();
        }

        void workloads() {
            for (JsonNode deployment : ofKind("Deployment")) {
                QuarkusService service = Repo.service(name(deployment));
                JsonNode c = container(deployment);
                String what = label + ": " + service.name();
                assertThat(ComposeTest.imageName(Repo.text(c, "image")))
                        .as("%s image", what)
                        .isEqualTo(service.name());
                List<Integer> ports = new ArrayList<>();
                c.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt()));
                assertThat(ports)
                        .as("%s container ports (quarkus.http.port and the data-plane ports)", what)
                        .containsExactlyInAnyOrderElementsOf(service.allPorts());
                probe(what + " readinessProbe", c, c.path("readinessProbe"), "/q/health/ready", service);
                probe(what + " livenessProbe", c, c.path("livenessProbe"), "/q/health/live", service);
                JsonNode resources = c.path("resources");
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        assertThat(resources.path(bound).path(resource).isMissingNode())
                                .as("%s resources.%s.%s", what, bound, resource)
                                .isFalse();
                    }
                }
                JsonNode podLabels = deployment
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels");
                JsonNode selector = deployment.path("spec").path("selector").path("matchLabels");
                assertThat(selector.size()).as("%s selector", what).isPositive();
                selector.fields()
                        .forEachRemaining(
                                s -> assertThat(podLabels.path(s.getKey()).asText())
                                        .as("%s selector %s matches its pods", what, s.getKey())
                                        .isEqualTo(s.getValue().asText()));
            }
        }

        private static void probe(
                String what, JsonNode container, JsonNode probe, String path, QuarkusService service) {
            assertThat(probe.isObject()).as(what).isTrue();
            assertThat(Repo.text(probe.path("httpGet"), "path"))
                    .as(what + " path")
                    .isEqualTo(path);
            assertThat(resolvePort(container, probe.path("httpGet").path("port")))
                    .as(what + " port")
                    .isEqualTo(service.httpPort());
        }

        /** A port by number or by the container port's name; -1 when the name resolves to nothing. */
        static int resolvePort(JsonNode container, JsonNode port) {
            if (port.isInt() || port.asText().matches("\\d+")) {
                return port.asInt();
            }
            for (JsonNode p : container.path("ports")) {
                if (port.asText().equals(Repo.text(p, "name"))) {
                    return p.path("containerPort").asInt();
                }
            }
            return -1;
        }

        void securityContexts() {
            for (JsonNode deployment : ofKind("Deployment")) {
                String what = label + ": " + name(deployment);
                JsonNode pod = deployment.path("spec").path("template").path("spec");
                JsonNode c = container(deployment);
                JsonNode podSc = pod.path("securityContext");
                JsonNode sc = c.path("securityContext");
                boolean nonRoot = sc.path("runAsNonRoot")
                        .asBoolean(podSc.path("runAsNonRoot").asBoolean(false));
                assertThat(nonRoot).as("%s runAsNonRoot", what).isTrue();
                int user = sc.path("runAsUser").asInt(podSc.path("runAsUser").asInt(-1));
                assertThat(user).as("%s runAsUser (unset or non-zero)", what).isNotZero();
                assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true))
                        .as("%s allowPrivilegeEscalation", what)
                        .isFalse();
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean(false))
                        .as("%s readOnlyRootFilesystem", what)
                        .isTrue();
                List<String> dropped = new ArrayList<>();
                sc.path("capabilities").path("drop").forEach(d -> dropped.add(d.asText()));
                assertThat(dropped).as("%s capabilities.drop", what).contains("ALL");
                assertThat(sc.path("capabilities").path("add").size())
                        .as("%s capabilities.add", what)
                        .isZero();
                assertThat(sc.path("privileged").asBoolean(false))
                        .as("%s privileged", what)
                        .isFalse();
                String tmpVolume = null;
                for (JsonNode mount : c.path("volumeMounts")) {
                    if ("/tmp".equals(Repo.text(mount, "mountPath"))) {
                        tmpVolume = Repo.text(mount, "name");
                    }
                }
                assertThat(tmpVolume).as("%s mounts a writable /tmp", what).isNotNull();
                boolean emptyDir = false;
                for (JsonNode volume : pod.path("volumes")) {
                    if (tmpVolume.equals(Repo.text(volume, "name")) && volume.has("emptyDir")) {
                        emptyDir = true;
                    }
                }
                assertThat(emptyDir).as("%s /tmp is an emptyDir", what).isTrue();
            }
        }

        void services() {
            for (JsonNode svc : ofKind("Service")) {
                JsonNode deployment = named("Deployment", name(svc));
                JsonNode c = container(deployment);
                JsonNode podLabels = deployment
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels");
                svc.path("spec")
                        .path("selector")
                        .fields()
                        .forEachRemaining(
                                s -> assertThat(podLabels.path(s.getKey()).asText())
                                        .as("%s: Service %s selector %s", label, name(svc), s.getKey())
                                        .isEqualTo(s.getValue().asText()));
                assertThat(svc.path("spec").path("ports").size()).isPositive();
                for (JsonNode port : svc.path("spec").path("ports")) {
                    JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                    assertThat(resolvePort(c, target))
                            .as("%s: Service %s targetPort %s", label, name(svc), target)
                            .isIn(Repo.service(name(svc)).allPorts());
                }
            }
        }

        void environment() {
            Map<String, JsonNode> configMaps = new HashMap<>();
            ofKind("ConfigMap").forEach(cm -> configMaps.put(name(cm), cm));
            List<String> problems = new ArrayList<>();
            for (JsonNode deployment : ofKind("Deployment")) {
                QuarkusService service = Repo.service(name(deployment));
                JsonNode c = container(deployment);
                List<String> names = new ArrayList<>();
                for (JsonNode env : c.path("env")) {
                    names.add(Repo.text(env, "name"));
                    JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
                    if (!secretRef.isMissingNode()) {
                        assertThat(Repo.text(secretRef, "name"))
                                .as("%s: %s %s secret", label, service.name(), Repo.text(env, "name"))
                                .isIn(SECRETS);
                    }
                    JsonNode cmRef = env.path("valueFrom").path("configMapKeyRef");
                    if (!cmRef.isMissingNode()) {
                        assertThat(configMaps).containsKey(Repo.text(cmRef, "name"));
                    }
                }
                for (JsonNode from : c.path("envFrom")) {
                    assertThat(from.has("secretRef"))
                            .as("%s: %s takes secrets key by key (secretKeyRef), not whole", label, service.name())
                            .isFalse();
                    String cmName = Repo.text(from.path("configMapRef"), "name");
                    assertThat(configMaps)
                            .as("%s: ConfigMap %s of %s is rendered", label, cmName, service.name())
                            .containsKey(cmName);
                    configMaps.get(cmName).path("data").fieldNames().forEachRemaining(names::add);
                }
                for (String env : names) {
                    if (service.reads(env).isEmpty()) {
                        problems.add(service.name() + ": " + env);
                    }
                }
            }
            assertThat(problems)
                    .as("%s: environment variables that name no key the service reads", label)
                    .isEmpty();
        }

        void rbac() {
            Map<String, JsonNode> roles = new HashMap<>();
            ofKind("ClusterRole").forEach(r -> roles.put("ClusterRole/" + name(r), r));
            ofKind("Role").forEach(r -> roles.put("Role/" + name(r), r));
            Map<String, Map<String, Set<String>>> granted = new TreeMap<>();
            List<JsonNode> bindings = new ArrayList<>(ofKind("ClusterRoleBinding"));
            bindings.addAll(ofKind("RoleBinding"));
            for (JsonNode binding : bindings) {
                JsonNode roleRef = binding.path("roleRef");
                JsonNode role = roles.get(Repo.text(roleRef, "kind") + "/" + Repo.text(roleRef, "name"));
                assertThat(role)
                        .as("%s: the role of binding %s is in the manifests", label, name(binding))
                        .isNotNull();
                for (JsonNode subject : binding.path("subjects")) {
                    assertThat(Repo.text(subject, "kind"))
                            .as("%s: binding %s binds ServiceAccounts only", label, name(binding))
                            .isEqualTo("ServiceAccount");
                    assertThat(Repo.text(subject, "namespace")).isEqualTo(NAMESPACE);
                    Map<String, Set<String>> access =
                            granted.computeIfAbsent(Repo.text(subject, "name"), k -> new TreeMap<>());
                    for (JsonNode rule : role.path("rules")) {
                        for (JsonNode group : rule.path("apiGroups")) {
                            for (JsonNode resource : rule.path("resources")) {
                                Set<String> verbs = access.computeIfAbsent(
                                        group.asText() + "/" + resource.asText(), k -> new TreeSet<>());
                                rule.path("verbs").forEach(v -> verbs.add(v.asText()));
                            }
                        }
                    }
                }
            }
            Map<String, Map<String, Set<String>>> expected = new TreeMap<>();
            expected.putAll(expectedAccess());
            assertThat(granted)
                    .as(
                            "%s: Kubernetes API access per ServiceAccount = the fabric8 calls in each service's"
                                    + " sources (RbacScan; more or fewer verbs fail)",
                            label)
                    .isEqualTo(expected);
            for (JsonNode deployment : ofKind("Deployment")) {
                String sa = Repo.text(deployment.path("spec").path("template").path("spec"), "serviceAccountName");
                assertThat(sa)
                        .as("%s: %s runs as its own ServiceAccount", label, name(deployment))
                        .isEqualTo(name(deployment));
                if (!expected.containsKey(sa)) {
                    assertThat(deployment
                                    .path("spec")
                                    .path("template")
                                    .path("spec")
                                    .path("automountServiceAccountToken")
                                    .asBoolean(true))
                            .as("%s: %s mounts no API token", label, sa)
                            .isFalse();
                    assertThat(named("ServiceAccount", sa)
                                    .path("automountServiceAccountToken")
                                    .asBoolean(true))
                            .as("%s: ServiceAccount %s automounts no token", label, sa)
                            .isFalse();
                }
            }
        }

        void disruptionBudgets() {
            for (JsonNode pdb : ofKind("PodDisruptionBudget")) {
                JsonNode deployment = named("Deployment", name(pdb));
                JsonNode podLabels = deployment
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels");
                pdb.path("spec")
                        .path("selector")
                        .path("matchLabels")
                        .fields()
                        .forEachRemaining(
                                s -> assertThat(podLabels.path(s.getKey()).asText())
                                        .as("%s: PDB %s selects its pods", label, name(pdb))
                                        .isEqualTo(s.getValue().asText()));
                int replicas = deployment.path("spec").path("replicas").asInt(1);
                JsonNode spec = pdb.path("spec");
                if (replicas >= 2) {
                    assertThat(spec.path("minAvailable").asText())
                            .as("%s: PDB %s", label, name(pdb))
                            .isEqualTo("1");
                    assertThat(spec.has("maxUnavailable")).isFalse();
                } else {
                    assertThat(spec.path("maxUnavailable").asText())
                            .as("%s: PDB %s of a single replica must let it be evicted", label, name(pdb))
                            .isEqualTo("1");
                    assertThat(spec.has("minAvailable")).isFalse();
                }
            }
        }

        void namespaces() {
            assertThat(named("Namespace", NAMESPACE)).isNotNull();
            Set<String> clusterScoped = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");
            for (JsonNode object : objects) {
                if (isTargetNamespaceBinding(object)) {
                    continue; // components/namespaced-rbac: a Tiffin role granted in a namespace Deployments target
                }
                if (!clusterScoped.contains(Repo.text(object, "kind"))) {
                    assertThat(Repo.text(object.path("metadata"), "namespace"))
                            .as("%s: namespace of %s %s", label, Repo.text(object, "kind"), name(object))
                            .isEqualTo(NAMESPACE);
                }
            }
        }
    }

    /** A RoleBinding outside {@code tiffin} that grants one of Tiffin's ClusterRoles (to ServiceAccounts: {@code rbac}). */
    static boolean isTargetNamespaceBinding(JsonNode object) {
        return "RoleBinding".equals(Repo.text(object, "kind"))
                && !NAMESPACE.equals(Repo.text(object.path("metadata"), "namespace"))
                && "ClusterRole".equals(Repo.text(object.path("roleRef"), "kind"))
                && Repo.text(object.path("roleRef"), "name").startsWith("tiffin-");
    }

    @Test
    void namespacedRbacConfinesTheRolloutServicesWritesToTheListedNamespaces() {
        Rendered rendered = new Rendered(
                "overlays/production-namespaced",
                Repo.yamlDocuments(Repo.kustomize(Repo.path("k8s/overlays/production-namespaced"))));
        String role = "tiffin-rollout-service";
        assertThat(rendered.ofKind("ClusterRoleBinding"))
                .as("no ClusterRoleBinding grants %s", role)
                .noneMatch(b -> role.equals(Repo.text(b.path("roleRef"), "name")));
        List<JsonNode> bindings = rendered.ofKind("RoleBinding").stream()
                .filter(b -> role.equals(Repo.text(b.path("roleRef"), "name")))
                .toList();
        assertThat(bindings).as("RoleBindings of %s", role).isNotEmpty();
        for (JsonNode binding : bindings) {
            assertThat(Repo.text(binding.path("metadata"), "namespace"))
                    .as("RoleBinding %s is in a target namespace", Rendered.name(binding))
                    .isNotEqualTo(NAMESPACE);
            assertThat(Repo.text(binding.path("subjects").path(0), "name")).isEqualTo("rollout-service");
        }
        Set<String> clusterWide = new TreeSet<>();
        for (JsonNode binding : rendered.ofKind("ClusterRoleBinding")) {
            boolean rollout = false;
            for (JsonNode subject : binding.path("subjects")) {
                rollout |= "rollout-service".equals(Repo.text(subject, "name"));
            }
            if (rollout) {
                rendered.named("ClusterRole", Repo.text(binding.path("roleRef"), "name"))
                        .path("rules")
                        .forEach(rule -> rule.path("verbs").forEach(v -> clusterWide.add(v.asText())));
            }
        }
        assertThat(clusterWide)
                .as("what the rollout-service may still do in every namespace: read only")
                .isSubsetOf("get", "list", "watch");
    }
}
