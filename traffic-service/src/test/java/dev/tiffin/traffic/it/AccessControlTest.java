package dev.tiffin.traffic.it;

import static dev.tiffin.traffic.it.Fixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.localcluster.LocalCluster;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.traffic.proxy.RouteRegistry;
import dev.tiffin.traffic.proxy.TrafficServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Protected and Public access: 401/403/200 by token and scope, revocation within a second, access type changes. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(LocalClusterResource.class)
class AccessControlTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectLocalCluster
    LocalCluster cluster;

    @Inject
    RouteRegistry registry;

    @Inject
    TrafficServer server;

    private static boolean created;

    @BeforeEach
    void deployments() {
        if (created) {
            return;
        }
        try (KubernetesClient kube = Fixture.kube(cluster)) {
            for (String name : List.of("guarded", "open", "switching")) {
                Fixture.service(kube, name, "api-server");
                Fixture.workload(kube, name, "api-server", 1, 1, LocalClusterResource.Images.FAST);
            }
        }
        Fixture.revision(kafka, "guarded", 1, "protected", null, null);
        Fixture.revision(kafka, "open", 1, "public", null, null);
        Fixture.revision(kafka, "switching", 1, "protected", null, null);
        Fixture.token(kafka, "tok-invoke", "tfn_invoke_all", List.of("endpoints:invoke"), List.of());
        Fixture.token(kafka, "tok-read", "tfn_read_only", List.of("deployments:read"), List.of());
        Fixture.token(kafka, "tok-other", "tfn_other_dep", List.of("endpoints:invoke"), List.of("local/default/open"));
        Fixture.token(
                kafka, "tok-guarded", "tfn_guarded", List.of("endpoints:invoke"), List.of("local/default/guarded"));
        for (String name : List.of("guarded", "open", "switching")) {
            Fixture.awaitRoute(registry, name, 1, "api-server", 1);
        }
        created = true;
    }

    @Test
    void aProtectedDeploymentWantsABearerTokenWithTheInvokeScope() throws Exception {
        // Given the tokens are in the cache
        awaitStatus("/default/guarded/predict", 200, "Authorization", "Bearer tfn_invoke_all");

        // When / Then
        HttpResponse<String> missing = post(server.publicPort(), "/default/guarded/predict");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tiffin\"");
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(missing.body()).contains("\"status\":401", "\"reason\":\"unauthorized\"");

        HttpResponse<String> unknown =
                post(server.publicPort(), "/default/guarded/predict", "Authorization", "Bearer tfn_nobody");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"");

        HttpResponse<String> readOnly =
                post(server.publicPort(), "/default/guarded/predict", "Authorization", "Bearer tfn_read_only");
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(readOnly.body()).contains("\"reason\":\"forbidden\"");

        HttpResponse<String> otherDeployment =
                post(server.publicPort(), "/default/guarded/predict", "Authorization", "Bearer tfn_other_dep");
        assertThat(otherDeployment.statusCode()).isEqualTo(403);

        HttpResponse<String> scopedToIt =
                post(server.publicPort(), "/default/guarded/predict", "Authorization", "Bearer tfn_guarded");
        assertThat(scopedToIt.statusCode()).isEqualTo(200);
        assertThat(scopedToIt.body()).contains("\"component\":\"api-server\"");
    }

    @Test
    void aPublicDeploymentNeedsNoToken() throws Exception {
        HttpResponse<String> answer = post(server.publicPort(), "/default/open/predict");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"pod\":\"open-api-server-r1-");
    }

    @Test
    void aRevokedTokenIsRefusedWithinASecond() throws Exception {
        // Given a token that works
        Fixture.token(kafka, "tok-short", "tfn_short_lived", List.of("endpoints:invoke"), List.of());
        awaitStatus("/default/guarded/predict", 200, "Authorization", "Bearer tfn_short_lived");

        // When it is revoked (the broker has acknowledged the event when revoke returns)
        Fixture.revoke(kafka, "tok-short");

        // Then within one second it gets 401
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() ->
                        post(server.publicPort(), "/default/guarded/predict", "Authorization", "Bearer tfn_short_lived")
                                        .statusCode()
                                == 401);
    }

    @Test
    void aChangedAccessTypeAppliesWithoutARestart() throws Exception {
        // Given a protected deployment
        assertThat(post(server.publicPort(), "/default/switching/predict").statusCode())
                .isEqualTo(401);

        // When its next revision is public
        Fixture.revision(kafka, "switching", 2, "public", null, null);
        Fixture.awaitRoute(registry, "switching", 2, "api-server", 1);

        // Then
        assertThat(post(server.publicPort(), "/default/switching/predict").statusCode())
                .isEqualTo(200);
    }

    private void awaitStatus(String path, int status, String... headers) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> post(server.publicPort(), path, headers).statusCode() == status);
    }
}
