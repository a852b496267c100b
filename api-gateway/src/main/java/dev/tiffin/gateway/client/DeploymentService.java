package dev.tiffin.gateway.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiffin.contracts.api.RequestVerdict;
import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.gateway.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The deployment-service as the gateway uses it: raw answers to relay, and the few typed look-ups the gateway needs
 * itself. An unreachable deployment-service is a 503 problem with {@code Retry-After}.
 */
@ApplicationScoped
public class DeploymentService {

    private static final Logger LOG = Logger.getLogger(DeploymentService.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    private static final ObjectMapper LENIENT =
            TiffinJson.configure(new ObjectMapper()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final DeploymentServiceClient client;

    public DeploymentService(@RestClient DeploymentServiceClient client) {
        this.client = client;
    }

    public DeploymentServiceClient raw() {
        return client;
    }

    /** Runs a call; transport failures become 503 problems. */
    public Uni<Response> call(Supplier<Uni<Response>> call) {
        return Uni.createFrom()
                .<Response>deferred(() -> call.get())
                .onFailure(t -> !(t instanceof WebApplicationException))
                .transform(t -> {
                    LOG.debugf("deployment-service call failed: %s", t.toString());
                    return ProblemException.unavailable(
                            "the deployment-service cannot be reached; try again shortly", RETRY_AFTER_SECONDS);
                });
    }

    /** The registered clusters, in registration order (the first is the default). */
    public Uni<List<ClusterInfo>> clusters() {
        return call(client::clusters).map(r -> {
            expectOk(r, "listing clusters");
            return List.of(read(r, ClusterInfo[].class));
        });
    }

    public Uni<Optional<ClusterInfo>> cluster(String name) {
        return call(() -> client.cluster(name)).map(r -> {
            if (r.getStatus() == 404) {
                return Optional.empty();
            }
            expectOk(r, "reading cluster " + name);
            return Optional.of(read(r, ClusterInfo.class));
        });
    }

    /** The verdict of a request, empty while it is not processed. */
    public Uni<Optional<RequestVerdict>> verdict(String requestId) {
        return call(() -> client.request(requestId)).map(r -> {
            if (r.getStatus() != 200) {
                return Optional.empty();
            }
            return Optional.of(read(r, RequestVerdict.class));
        });
    }

    /** A registered Bento version; blocks (called by importers on a worker thread), empty when unknown or unreachable. */
    public Optional<BentoInfo> findBentoBlocking(String repository, String version) {
        try {
            Response r = client.bento(repository, version).await().atMost(Duration.ofSeconds(5));
            return r.getStatus() == 200 ? Optional.of(read(r, BentoInfo.class)) : Optional.empty();
        } catch (RuntimeException e) {
            LOG.debugf("bento look-up %s:%s failed: %s", repository, version, e.toString());
            return Optional.empty();
        }
    }

    public static String body(Response r) {
        return r.hasEntity() ? r.readEntity(String.class) : "";
    }

    public static JsonNode tree(Response r) {
        return read(r, JsonNode.class);
    }

    static <T> T read(Response r, Class<T> type) {
        return read(body(r), type);
    }

    /** Reads an answer of the deployment-service; fields this gateway does not know yet are tolerated. */
    public static <T> T read(String body, Class<T> type) {
        try {
            return LENIENT.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw ProblemException.unavailable(
                    "the deployment-service answered something unreadable: " + e.getOriginalMessage(),
                    RETRY_AFTER_SECONDS);
        }
    }

    private static void expectOk(Response r, String what) {
        if (r.getStatus() != 200) {
            throw ProblemException.unavailable(
                    "the deployment-service answered " + r.getStatus() + " when " + what, RETRY_AFTER_SECONDS);
        }
    }
}
