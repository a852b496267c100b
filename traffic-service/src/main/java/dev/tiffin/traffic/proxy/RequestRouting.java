package dev.tiffin.traffic.proxy;

import dev.tiffin.contracts.spec.AccessType;
import dev.tiffin.traffic.TrafficMetrics.ComponentMeters;
import dev.tiffin.traffic.domain.AccessDecision;
import dev.tiffin.traffic.domain.DeploymentRoute;
import dev.tiffin.traffic.domain.RejectionReason;
import dev.tiffin.traffic.domain.RequestTarget;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What becomes of a request whose head was read: the proxy's own answer (starting, no route, no or a bad token,
 * terminated deployment) or an {@link Exchange} with a replica of the component it routes to.
 */
final class RequestRouting {

    private RequestRouting() {}

    static void route(ClientConnection client, RequestHead req, long now) {
        ProxyLoop loop = client.loop;
        byte[] requestId = requestId(req);
        if (!loop.registry.serving()) {
            unknownMeters(loop).rejected(RejectionReason.STARTING);
            client.answer(
                    503,
                    RejectionReason.STARTING,
                    "the traffic service is starting: its routes, tokens and endpoints are not read yet",
                    requestId,
                    null);
            unknownMeters(loop).request(503, System.nanoTime() - now);
            return;
        }
        boolean internal = client.internal;
        RequestTarget target = internal
                ? RequestTarget.parseInternal(req.uri)
                : RequestTarget.parsePublic(req.value(req.host), req.uri, loop.settings.baseDomain());
        if (target == null) {
            notFound(
                    client,
                    now,
                    internal
                            ? "no route: the internal listener serves /{namespace}/{deployment}/{runner}/..."
                            : "no route: call /{namespace}/{deployment}/... or {deployment}.{namespace}.{base domain}",
                    requestId);
            return;
        }
        LiveRoute live = loop.registry.route(target.namespace(), target.name());
        ComponentGate gate = live == null ? null : live.gate(target.component());
        if (gate == null || (internal && DeploymentRoute.API_SERVER.equals(target.component()))) {
            notFound(
                    client,
                    now,
                    live == null
                            ? "no deployment " + target.namespace() + "/" + target.name() + " on this cluster"
                            : "no runner " + target.component() + " in deployment " + target.namespace() + "/"
                                    + target.name(),
                    requestId);
            return;
        }
        DeploymentRoute route = live.route();
        if (!internal && route.access() != AccessType.PUBLIC) {
            // a Public route is allowed whatever the request carries: no field read, no clock read
            AccessDecision access = AccessDecision.decide(
                    route.access(),
                    req.value(req.authorization),
                    loop.tokens,
                    route.id().key(),
                    loop.clock.instant());
            if (access != AccessDecision.ALLOWED) {
                denied(client, gate, access, now, requestId);
                return;
            }
        }
        if (route.terminated()) {
            client.answer(503, null, "the deployment " + route.id().name() + " is terminated", requestId, null);
            gate.meters().request(503, System.nanoTime() - now);
            return;
        }
        client.exchange(new Exchange(
                client, req, gate, target.path(), now, requestId, !internal && route.access() == AccessType.PROTECTED));
    }

    private static void denied(
            ClientConnection client, ComponentGate gate, AccessDecision access, long now, byte[] requestId) {
        int status;
        RejectionReason reason;
        String detail;
        String challenge;
        switch (access) {
            case FORBIDDEN -> {
                status = 403;
                reason = RejectionReason.FORBIDDEN;
                detail = "the token does not grant endpoints:invoke on this deployment";
                challenge = "Bearer realm=\"tiffin\", error=\"insufficient_scope\", scope=\"endpoints:invoke\"";
            }
            case MISSING_TOKEN -> {
                status = 401;
                reason = RejectionReason.UNAUTHORIZED;
                detail = "this deployment is protected: send Authorization: Bearer <token>";
                challenge = "Bearer realm=\"tiffin\"";
            }
            default -> {
                status = 401;
                reason = RejectionReason.UNAUTHORIZED;
                detail = "the token is invalid, expired or revoked";
                challenge = "Bearer realm=\"tiffin\", error=\"invalid_token\"";
            }
        }
        gate.meters().rejected(reason);
        gate.rejectedOne();
        client.answer(status, reason, detail, requestId, challenge);
        gate.meters().request(status, System.nanoTime() - now);
    }

    private static void notFound(ClientConnection client, long now, String detail, byte[] requestId) {
        ComponentMeters meters = unknownMeters(client.loop);
        meters.rejected(RejectionReason.NOT_FOUND);
        client.answer(404, RejectionReason.NOT_FOUND, detail, requestId, null);
        meters.request(404, System.nanoTime() - now);
    }

    private static ComponentMeters unknownMeters(ProxyLoop loop) {
        return loop.settings.unknownMeters();
    }

    /**
     * The client's X-Request-Id when it is a sensible one (printable ASCII, at most 200), else a new one; as the bytes
     * the heads carry (a String is made only for the proxy's own answers).
     */
    private static byte[] requestId(RequestHead req) {
        byte[] given = req.requestId < 0 ? null : req.head.valueBytes(req.requestId);
        if (given != null && given.length > 0 && given.length <= 200 && printable(given)) {
            return given;
        }
        return newRequestId();
    }

    /** 32 random hex digits. */
    static byte[] newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] id = new byte[32];
        long hi = random.nextLong();
        long lo = random.nextLong();
        for (int i = 0; i < 16; i++) {
            id[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xf];
            id[16 + i] = HEX[(int) (lo >>> (60 - 4 * i)) & 0xf];
        }
        return id;
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private static boolean printable(byte[] s) {
        for (byte c : s) {
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
