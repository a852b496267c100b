package dev.tiffin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tiffin.contracts.json.TiffinJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "deployment",
        aliases = {"deployments", "deploy"},
        mixinStandardHelpOptions = true,
        description = "Create, change, inspect and follow Deployments.",
        subcommands = {
            DeploymentCommand.Create.class,
            DeploymentCommand.Update.class,
            DeploymentCommand.Apply.class,
            DeploymentCommand.Patch.class,
            DeploymentCommand.Get.class,
            DeploymentCommand.ListDeployments.class,
            DeploymentCommand.Terminate.class,
            DeploymentCommand.Restart.class,
            DeploymentCommand.Delete.class,
            DeploymentCommand.Rollback.class,
            DeploymentCommand.Revisions.class,
            DeploymentCommand.Autoscaling.class,
            DeploymentCommand.Events.class
        })
public final class DeploymentCommand implements Callable<Integer> {

    /** Extra time the client gives the server beyond {@code --timeout} before giving up itself. */
    static final long CLIENT_GRACE_SECONDS = 15;

    static final String BASE = "/v1/deployments";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    static String path(String name, String... more) {
        StringBuilder sb = new StringBuilder(BASE).append('/').append(segment(name));
        for (String m : more) {
            sb.append('/').append(m);
        }
        return sb.toString();
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /**
     * A write (create, replace, patch, lifecycle action): sends it with the wait mode, follows the rollout's
     * progress while {@code --wait} is pending, prints the answer, and maps the outcome to an exit code.
     */
    static int write(BaseCommand c, Write w) {
        return write(c, w, null);
    }

    /**
     * {@link #write(BaseCommand, Write)}, and when the server refuses {@code w} because its {@code Idempotency-Key}
     * was already used for another request, sends {@code ifKeyReused} instead (an {@code apply} retried after its
     * create went through: the key belongs to that create, whose answer the server gives again).
     */
    static int write(BaseCommand c, Write w, Write ifKeyReused) {
        Io io = c.io();
        ApiClient api = c.client();
        String mode = w.waiting() == null ? "accepted" : w.waiting().mode();
        boolean ready = "ready".equals(mode);
        Long timeout = w.waiting() == null ? null : w.waiting().timeoutSeconds;
        List<ApiClient.Param> query =
                new ArrayList<>(ApiClient.query("cluster", w.cluster(), "namespace", w.namespace(), "wait", mode));
        if (ready && timeout != null) {
            query.add(new ApiClient.Param("timeout", String.valueOf(timeout)));
        }
        Duration clientTimeout = ready && timeout != null ? Duration.ofSeconds(timeout + CLIENT_GRACE_SECONDS) : null;
        ProgressWatcher watcher = null;
        if (ready && w.name() != null) {
            watcher = new ProgressWatcher(
                            api,
                            path(w.name(), "events"),
                            ApiClient.query(
                                    "cluster", firstNonNull(w.cluster(), w.streamCluster()),
                                    "namespace", firstNonNull(w.namespace(), w.streamNamespace())),
                            io)
                    .start();
        }
        ApiResponse r;
        try {
            r = api.send(w.method(), w.path(), query, w.body(), w.contentType(), w.headers(), clientTimeout);
        } catch (CliException e) {
            if (e.exitCode() == ExitCodes.TIMEOUT && timeout != null) {
                throw new CliException(
                        ExitCodes.TIMEOUT,
                        "timed out after " + timeout + "s waiting for " + describe(w.name()) + " to be ready");
            }
            throw e;
        } finally {
            if (watcher != null) {
                watcher.close();
            }
        }
        if (!r.ok()) {
            if (ifKeyReused != null && isIdempotencyKeyReused(r)) {
                return write(c, ifKeyReused, null);
            }
            if (isRolloutFailure(r)) {
                throw new CliException(ExitCodes.ROLLOUT_FAILED, Render.problem(r.status(), r.body()));
            }
            throw BaseCommand.failure(r);
        }
        JsonNode node = Json.parse(r.body());
        if (r.status() == 202 && node != null && node.has("request_id") && !node.has("status")) {
            if (w.output() == OutputFormat.json || w.output() == OutputFormat.yaml) {
                io.out().print(Render.format(w.output(), r.body(), Json::pretty));
            } else {
                io.out()
                        .println(describe(w.name()) + " " + w.verb() + ": request " + Json.text(node, "request_id")
                                + " queued");
            }
            return ExitCodes.OK;
        }
        if (w.output() != null && node != null) {
            io.out().print(Render.format(w.output(), r.body(), Render::deployment));
        } else {
            io.out().println(summary(w, node));
        }
        if (ready && node != null && "failed".equals(Json.text(node, "status"))) {
            StringBuilder sb = new StringBuilder("Error: the rollout of " + describe(name(w, node)) + " failed");
            String reason = Json.text(node, "status_reason");
            String message = Json.text(node, "status_message");
            if (!reason.isEmpty()) {
                sb.append(" (").append(reason).append(')');
            }
            if (!message.isEmpty()) {
                sb.append(": ").append(message);
            }
            io.err().println(sb);
            return ExitCodes.ROLLOUT_FAILED;
        }
        return ExitCodes.OK;
    }

    /** A problem that says the rollout failed (the server's answer to {@code wait=ready} when it does). */
    static boolean isRolloutFailure(ApiResponse r) {
        JsonNode p = Json.parse(r.body());
        if (p == null || !p.isObject()) {
            return false;
        }
        String type = Json.text(p, "type").toLowerCase(java.util.Locale.ROOT);
        return type.contains("rollout-failed") || type.contains("rollout_failed");
    }

    /** The problem the server answers when an {@code Idempotency-Key} comes back with a different request. */
    static boolean isIdempotencyKeyReused(ApiResponse r) {
        JsonNode p = Json.parse(r.body());
        return r.status() == 422
                && p != null
                && p.isObject()
                && Json.text(p, "type").toLowerCase(java.util.Locale.ROOT).endsWith("idempotency-key-reused");
    }

    private static String name(Write w, JsonNode node) {
        String n = Json.text(node, "name");
        return n.isEmpty() ? w.name() : n;
    }

    private static String summary(Write w, JsonNode node) {
        StringBuilder sb =
                new StringBuilder(describe(name(w, node))).append(' ').append(w.verb());
        if (node != null && node.has("status")) {
            sb.append(" (revision ")
                    .append(Json.text(node, "revision"))
                    .append(", status ")
                    .append(Json.text(node, "status"))
                    .append(')');
        }
        return sb.toString();
    }

    static String describe(String name) {
        return name == null ? "deployment" : "deployment/" + name;
    }

    /** Everything about one write. */
    record Write(
            String method,
            String path,
            String name,
            String cluster,
            String namespace,
            String streamCluster,
            String streamNamespace,
            byte[] body,
            String contentType,
            Map<String, String> headers,
            Options.Waiting waiting,
            OutputFormat output,
            String verb) {}

    static Map<String, String> ifMatch(String revision) {
        Map<String, String> h = new LinkedHashMap<>();
        if (revision != null) {
            String r = revision.trim();
            h.put("If-Match", r.startsWith("\"") || r.startsWith("W/") || r.equals("*") ? r : "\"" + r + "\"");
        }
        return h;
    }

    /** {@code If-Match} (when a revision is given) and {@code Idempotency-Key} (when a key is given). */
    static Map<String, String> headers(String revision, Options.Idempotency idempotency) {
        Map<String, String> h = ifMatch(revision);
        String key = idempotency == null ? null : idempotency.checkedKey();
        if (key != null) {
            h.put("Idempotency-Key", key);
        }
        return h;
    }

    abstract static class FileCommand extends BaseCommand {
        @Option(
                names = {"-f", "--file"},
                required = true,
                paramLabel = "FILE",
                description = "deployment document: canonical, BentoML v1 or v2, JSON or YAML ('-' = stdin)")
        String file;

        @Mixin
        Options.Target target;

        @Mixin
        Options.Waiting waiting;

        @Mixin
        Options.Idempotency idempotency;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                description = "print the deployment as table, json or yaml (default: a one-line summary)")
        OutputFormat output;

        InputDocument document() {
            return InputDocument.read(file, io().in());
        }

        Write create(InputDocument doc) {
            return new Write(
                    "POST",
                    BASE,
                    doc.name(),
                    target.cluster,
                    target.namespace,
                    doc.cluster(),
                    doc.namespace(),
                    doc.body(),
                    doc.contentType(),
                    headers(null, idempotency),
                    waiting,
                    output,
                    "created");
        }

        Write replace(InputDocument doc, String name, String ifMatch, String verb) {
            return new Write(
                    "PUT",
                    path(name),
                    name,
                    target.cluster,
                    target.namespace,
                    doc.cluster(),
                    doc.namespace(),
                    doc.body(),
                    doc.contentType(),
                    headers(ifMatch, idempotency),
                    waiting,
                    output,
                    verb);
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a Deployment from a file.",
            footer = {
                "",
                "Examples:",
                "  tiffin deployment create -f deployment.json",
                "  tiffin deployment create -f bentoml-v2.yaml --cluster gpu --wait --timeout 10m"
            })
    static final class Create extends FileCommand {
        @Override
        public Integer call() {
            return write(this, create(document()));
        }
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = "Replace a Deployment with the full document in a file (PUT).",
            footer = {"", "Example:", "  tiffin deployment update -f deployment.yaml --wait"})
    static final class Update extends FileCommand {
        @Parameters(arity = "0..1", paramLabel = "NAME", description = "the deployment (default: the file's name)")
        String name;

        @Option(names = "--if-match", paramLabel = "REVISION", description = "only if the latest revision is this one")
        String ifMatch;

        @Override
        public Integer call() {
            InputDocument doc = document();
            String n = firstNonNull(name, doc.name());
            if (n == null) {
                throw new CliException(ExitCodes.USAGE, "no deployment name: give NAME or put 'name' in " + file);
            }
            return write(this, replace(doc, n, ifMatch, "updated"));
        }
    }

    @Command(
            name = "apply",
            mixinStandardHelpOptions = true,
            description = "Create the Deployment in a file, or replace it if it exists.",
            footer = {"", "Example:", "  tiffin deployment apply -f deployment.yaml --wait"})
    static final class Apply extends FileCommand {
        @Override
        public Integer call() {
            InputDocument doc = document();
            String n = doc.name();
            if (n == null) {
                throw new CliException(ExitCodes.USAGE, "apply needs the deployment's 'name' in " + file);
            }
            ApiResponse existing = client().get(
                            path(n),
                            ApiClient.query(
                                    "cluster", firstNonNull(target.cluster, doc.cluster()),
                                    "namespace", firstNonNull(target.namespace, doc.namespace())));
            if (existing.status() == 404) {
                return write(this, create(doc));
            }
            BaseCommand.expectOk(existing);
            // with a key, a retried apply whose create went through finds the deployment and sends a replace: the
            // server refuses the key for it, and the create is sent again to get its answer
            return write(this, replace(doc, n, null, "configured"), idempotency.key == null ? null : create(doc));
        }
    }

    @Command(
            name = "patch",
            mixinStandardHelpOptions = true,
            description = "Change some fields of a Deployment with a JSON merge patch (RFC 7396) from a file.",
            footer = {
                "",
                "Example (patch.yaml: 'api_server: {autoscaling: {max_replicas: 5}}'):",
                "  tiffin deployment patch iris -f patch.yaml"
            })
    static final class Patch extends FileCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "the deployment")
        String name;

        @Option(names = "--if-match", paramLabel = "REVISION", description = "only if the latest revision is this one")
        String ifMatch;

        @Override
        public Integer call() {
            InputDocument doc = document();
            return write(
                    this,
                    new Write(
                            "PATCH",
                            path(name),
                            name,
                            target.cluster,
                            target.namespace,
                            null,
                            null,
                            doc.asJson(),
                            "application/merge-patch+json",
                            headers(ifMatch, idempotency),
                            waiting,
                            output,
                            "patched"));
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show a Deployment, or download its canonical spec with --spec.",
            footer = {
                "",
                "Examples:",
                "  tiffin deployment get iris",
                "  tiffin deployment get iris -o json",
                "  tiffin deployment get iris --spec > iris.json      # resubmitting it changes nothing",
                "  tiffin deployment get iris --spec -o yaml > iris.yaml"
            })
    static final class Get extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        Options.Target target;

        @Option(names = "--spec", description = "print the canonical spec (JSON, or YAML with -o yaml)")
        boolean specOnly;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                description = "table (default), json or yaml")
        OutputFormat output;

        @Override
        public Integer call() {
            List<ApiClient.Param> q = ApiClient.query("cluster", target.cluster, "namespace", target.namespace);
            if (specOnly) {
                ApiResponse r = expectOk(client().get(path(name, "spec"), q));
                OutputFormat f = output == OutputFormat.yaml ? OutputFormat.yaml : OutputFormat.json;
                io().out().print(Render.format(f, r.body(), Json::pretty));
                return ExitCodes.OK;
            }
            ApiResponse r = expectOk(client().get(path(name), q));
            io().out().print(Render.format(output == null ? OutputFormat.table : output, r.body(), Render::deployment));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "list",
            aliases = "ls",
            mixinStandardHelpOptions = true,
            description = "List Deployments.",
            footer = {
                "",
                "Examples:",
                "  tiffin deployment list",
                "  tiffin deployment list --cluster gpu --status running -l team=search -o json"
            })
    static final class ListDeployments extends BaseCommand {
        @Mixin
        Options.Target target;

        @Option(names = "--status", paramLabel = "STATUS", description = "only this status (e.g. running, failed)")
        String status;

        @Option(
                names = {"-l", "--label"},
                paramLabel = "KEY=VALUE",
                description = "only with this label (repeatable; all must match)")
        List<String> labels = new ArrayList<>();

        @Option(names = "--page", paramLabel = "N", description = "page number, from 1")
        Integer page;

        @Option(names = "--page-size", paramLabel = "N", description = "deployments per page")
        Integer pageSize;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                description = "table (default), json or yaml")
        OutputFormat output;

        @Override
        public Integer call() {
            List<ApiClient.Param> q = ApiClient.query(
                    "cluster",
                    target.cluster,
                    "namespace",
                    target.namespace,
                    "status",
                    status,
                    "page",
                    page,
                    "page_size",
                    pageSize);
            for (String l : labels) {
                if (!l.contains("=")) {
                    throw new CliException(ExitCodes.USAGE, "--label wants KEY=VALUE, not '" + l + "'");
                }
                q.add(new ApiClient.Param("label", l));
            }
            ApiResponse r = expectOk(client().get(BASE, q));
            OutputFormat f = output == null ? OutputFormat.table : output;
            io().out().print(Render.format(f, r.body(), Render::deploymentList));
            if (f == OutputFormat.table) {
                String footer = Render.pageFooter(Json.parse(r.body()));
                if (footer != null) {
                    io().err().println(footer);
                }
            }
            return ExitCodes.OK;
        }
    }

    /** A lifecycle action on a named deployment. */
    abstract static class ActionCommand extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        Options.Target target;

        @Mixin
        Options.Idempotency idempotency;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                description = "print the deployment as table, json or yaml (default: a one-line summary)")
        OutputFormat output;

        Write action(String method, String path, byte[] body, Options.Waiting waiting, String verb) {
            return new Write(
                    method,
                    path,
                    name,
                    target.cluster,
                    target.namespace,
                    null,
                    null,
                    body,
                    body == null ? null : "application/json",
                    headers(null, idempotency),
                    waiting,
                    output,
                    verb);
        }
    }

    @Command(
            name = "terminate",
            mixinStandardHelpOptions = true,
            description = "Stop a Deployment's pods, keeping its spec and revisions.",
            footer = {"", "Example:", "  tiffin deployment terminate iris"})
    static final class Terminate extends ActionCommand {
        @Override
        public Integer call() {
            return write(this, action("POST", path(name, "terminate"), null, null, "terminating"));
        }
    }

    @Command(
            name = "restart",
            mixinStandardHelpOptions = true,
            description = "Restart a Deployment's pods (a new rollout of the same revision).",
            footer = {"", "Example:", "  tiffin deployment restart iris --wait"})
    static final class Restart extends ActionCommand {
        @Mixin
        Options.Waiting waiting;

        @Override
        public Integer call() {
            return write(this, action("POST", path(name, "restart"), null, waiting, "restarted"));
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a Deployment (terminates it first).",
            footer = {"", "Example:", "  tiffin deployment delete iris"})
    static final class Delete extends ActionCommand {
        @Override
        public Integer call() {
            return write(this, action("DELETE", path(name), null, null, "deleted"));
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Roll a Deployment back to an earlier revision (as a new revision).",
            footer = {
                "",
                "Examples:",
                "  tiffin deployment rollback iris                 # to the previous revision",
                "  tiffin deployment rollback iris --to-revision 3 --wait"
            })
    static final class Rollback extends ActionCommand {
        @Mixin
        Options.Waiting waiting;

        @Option(
                names = {"--to-revision", "--revision"},
                paramLabel = "N",
                description = "the revision to return to (default: the previous one)")
        Integer revision;

        @Override
        public Integer call() {
            byte[] body = null;
            if (revision != null) {
                ObjectNode b = TiffinJson.mapper().createObjectNode();
                b.put("revision", revision);
                body = TiffinJson.write(b).getBytes(StandardCharsets.UTF_8);
            }
            return write(this, action("POST", path(name, "rollback"), body, waiting, "rolled back"));
        }
    }

    @Command(
            name = "revisions",
            mixinStandardHelpOptions = true,
            description = "List a Deployment's revisions, newest first.",
            footer = {"", "Example:", "  tiffin deployment revisions iris"})
    static final class Revisions extends ShowCommand {
        @Override
        public Integer call() {
            return show("revisions", Render::revisions);
        }
    }

    @Command(
            name = "autoscaling",
            mixinStandardHelpOptions = true,
            description = "Show how a Deployment is autoscaled: per component the current, desired and ready replicas,"
                    + " the latest metric values against their targets, and the last decisions with their reasons.",
            footer = {
                "",
                "Examples:",
                "  tiffin deployment autoscaling iris",
                "  tiffin deployment autoscaling iris -o json"
            })
    static final class Autoscaling extends ShowCommand {
        @Override
        public Integer call() {
            return show("autoscaling", Render::autoscaling);
        }
    }

    /** A read of one of a deployment's documents ({@code /v1/deployments/{name}/...}), shown as a table or as-is. */
    abstract static class ShowCommand extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        Options.Target target;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                description = "table (default), json or yaml")
        OutputFormat output;

        Integer show(String document, Function<JsonNode, String> table) {
            ApiResponse r = expectOk(client().get(
                            path(name, document),
                            ApiClient.query("cluster", target.cluster, "namespace", target.namespace)));
            io().out().print(Render.format(output == null ? OutputFormat.table : output, r.body(), table));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "events",
            mixinStandardHelpOptions = true,
            description = "Stream a Deployment's events (its recent history first) until interrupted.",
            footer = {
                "",
                "Examples:",
                "  tiffin deployment events iris",
                "  tiffin deployment events iris --until-ready --timeout 10m",
                "  tiffin deployment events iris -o json | jq .type"
            })
    static final class Events extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        Options.Target target;

        @Option(
                names = "--until-ready",
                description = "stop when the current rollout completes (exit 0) or fails (exit 8)")
        boolean untilReady;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                converter = Options.DurationConverter.class,
                description = "stop after this long (exit 7): seconds, or 90s, 10m, 1h")
        Long timeoutSeconds;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FORMAT",
                description = "table: one line per event (default); json: one CloudEvent per line; yaml")
        OutputFormat output;

        @Override
        public Integer call() {
            ApiClient api = client();
            Io io = io();
            List<ApiClient.Param> q = ApiClient.query("cluster", target.cluster, "namespace", target.namespace);
            int minRevision = 0;
            if (untilReady) {
                JsonNode view = Json.parse(expectOk(api.get(path(name), q)).body());
                String status = Json.text(view, "status");
                minRevision = view == null ? 0 : view.path("revision").asInt(0);
                if (DeploymentEvents.READY_STATUSES.contains(status)) {
                    io.err().println(describe(name) + " is " + status + " (revision " + minRevision + ")");
                    return ExitCodes.OK;
                }
                if ("failed".equals(status)) {
                    io.err()
                            .println("Error: " + describe(name) + " has failed: " + Json.text(view, "status_reason")
                                    + " " + Json.text(view, "status_message"));
                    return ExitCodes.ROLLOUT_FAILED;
                }
            }
            int revision = minRevision;
            CompletableFuture<Integer> result = new CompletableFuture<>();
            Thread reader = new Thread(
                    () -> {
                        try {
                            result.complete(follow(api, io, q, revision));
                        } catch (Throwable t) {
                            result.completeExceptionally(t);
                        }
                    },
                    "tiffin-events");
            reader.setDaemon(true);
            reader.start();
            try {
                return timeoutSeconds == null ? result.get() : result.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                reader.interrupt();
                throw new CliException(ExitCodes.TIMEOUT, "timed out after " + timeoutSeconds + "s");
            } catch (InterruptedException e) {
                reader.interrupt();
                Thread.currentThread().interrupt();
                return ExitCodes.UNEXPECTED;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new CliException(ExitCodes.UNEXPECTED, String.valueOf(e.getCause()), e.getCause());
            }
        }

        private int follow(ApiClient api, Io io, List<ApiClient.Param> q, int minRevision) {
            SseParser parser = new SseParser();
            DeploymentEvents.Outcome[] outcome = {null};
            // a reconnected stream starts with the history again: show each event once
            Set<String> seen = Collections.newSetFromMap(new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            });
            while (true) {
                ApiResponse r = api.stream(path(name, "events"), q, parser.lastEventId(), parser, e -> {
                    if (outcome[0] != null || (e.id() != null && !seen.add(e.id()))) {
                        return;
                    }
                    print(io, e);
                    if (untilReady) {
                        outcome[0] = DeploymentEvents.outcome(e, minRevision);
                        if (outcome[0] != null) {
                            Thread.currentThread().interrupt(); // ends the read loop
                        }
                    }
                });
                if (outcome[0] != null) {
                    Thread.interrupted();
                    return outcome[0] == DeploymentEvents.Outcome.READY ? ExitCodes.OK : ExitCodes.ROLLOUT_FAILED;
                }
                if (r != null) {
                    throw BaseCommand.failure(r);
                }
                if (Thread.currentThread().isInterrupted()) {
                    return ExitCodes.UNEXPECTED;
                }
                // the server ended the stream: reconnect where it left off
                long delay = parser.retryMillis() == null ? 1000 : parser.retryMillis();
                try {
                    TimeUnit.MILLISECONDS.sleep(delay);
                } catch (InterruptedException e) {
                    return ExitCodes.UNEXPECTED;
                }
            }
        }

        private void print(Io io, SseEvent e) {
            OutputFormat f = output == null ? OutputFormat.table : output;
            switch (f) {
                case json -> {
                    JsonNode ce = Json.parse(e.data());
                    io.out().println(ce == null ? e.data() : ce.toString());
                }
                case yaml -> {
                    JsonNode ce = Json.parse(e.data());
                    io.out().print("---\n" + (ce == null ? e.data() + "\n" : Json.yaml(ce)));
                }
                case table -> io.out().println(DeploymentEvents.line(e));
            }
            io.out().flush();
        }
    }
}
