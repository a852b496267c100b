package dev.tiffin.autoscaler.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.autoscaler.Events;
import dev.tiffin.autoscaler.domain.LiveComponent;
import dev.tiffin.autoscaler.domain.LiveDeployment;
import dev.tiffin.autoscaler.domain.LiveSettings;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state written to the state topic comes back as the same live state, and a deployment reloaded mid-window goes
 * on exactly as if it had never been reloaded.
 */
class StoredDeploymentTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final DeploymentId ID = new DeploymentId("local", "default", "restarted");
    private static final LiveSettings SETTINGS = LiveSettings.DEFAULT;

    private static LiveDeployment step(LiveDeployment d, Instant at, Double qps) {
        LiveComponent c = d.components().get("api-server");
        if (qps != null) {
            c = c.withSample(Map.of("qps", qps, "in_flight", 1.0), "traffic-service", at);
        }
        return d.withComponent(c.evaluate(at, SETTINGS).next());
    }

    private static LiveDeployment roundTrip(LiveDeployment d) throws Exception {
        String json = TiffinJson.write(StoredDeployment.of(d));
        return TiffinJson.mapper().readValue(json, StoredDeployment.class).toLive();
    }

    @Test
    void aDeploymentReloadedMidWindowScalesDownWhenTheWindowEnds() throws Exception {
        // Given: scaled 1 → 4 at T0+1, then 5 req/s held by a 12 s scale-down window
        String spec = "{\"name\":\"restarted\",\"bento\":\"iris:1\",\"api_server\":{\"autoscaling\":"
                + "{\"min_replicas\":1,\"max_replicas\":6,\"metrics\":[{\"type\":\"qps\",\"value\":10}],"
                + "\"scale_down\":{\"behavior\":\"stable\",\"stabilization_window_seconds\":12}}}}";
        LiveDeployment d = LiveDeployment.revisionCreated(null, Events.revision(ID, 1, spec, List.of()))
                .withCounts("api-server", 1, 1, 1, T0, SETTINGS);
        d = step(d, T0, null);
        d = step(d, T0.plusSeconds(1), 40.0);
        assertThat(d.components().get("api-server").current()).isEqualTo(4);
        d = d.withCounts("api-server", 1, 4, 4, T0.plusSeconds(2), SETTINGS);
        for (int t = 2; t <= 6; t++) {
            d = step(d, T0.plusSeconds(t), 5.0);
        }

        // When: written and read back at T0+6
        LiveDeployment reloaded = roundTrip(d);

        // Then: the same state, and the scale-down comes at T0+13 (12 s after the high recommendation), in both
        assertThat(reloaded).isEqualTo(d);
        LiveDeployment a = d;
        LiveDeployment b = reloaded;
        int downA = -1;
        int downB = -1;
        for (int t = 7; t <= 20; t++) {
            a = step(a, T0.plusSeconds(t), 5.0);
            b = step(b, T0.plusSeconds(t), 5.0);
            if (downA < 0 && a.components().get("api-server").current() == 1) {
                downA = t;
            }
            if (downB < 0 && b.components().get("api-server").current() == 1) {
                downB = t;
            }
        }
        assertThat(downA).isEqualTo(13);
        assertThat(downB).isEqualTo(13);
    }
}
