package dev.tiffin.autoscaler.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiffin.autoscaler.domain.Simulator;
import dev.tiffin.contracts.json.StrictReader;
import dev.tiffin.contracts.json.TiffinJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/**
 * The what-if simulator (read-only; the gateway exposes it as {@code POST /v1/autoscaling/simulate}): runs the live
 * autoscaler's decision function over the given ticks and answers the timeline. The body is read strictly (unknown
 * fields and wrong types are 400 problems with their paths).
 */
@Path("/internal/v1/autoscaling")
public class SimulationResource {

    @POST
    @Path("/simulate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SimulationResponse simulate(String body) {
        JsonNode tree = StrictReader.parseTree(body == null ? "" : body, TiffinJson.mapper());
        SimulationRequest request = StrictReader.bind(tree, SimulationRequest.class);
        SimulationRequests.Checked checked = SimulationRequests.check(request);
        List<Simulator.Step> steps =
                Simulator.run(checked.policy(), checked.initialReplicas(), checked.intervalSeconds(), checked.ticks());
        List<SimulationResponse.Entry> timeline = new ArrayList<>(steps.size());
        for (Simulator.Step step : steps) {
            timeline.add(new SimulationResponse.Entry(
                    step.t(),
                    step.currentReplicas(),
                    step.recommendedReplicas(),
                    step.desiredReplicas(),
                    step.limitedBy().wire(),
                    step.reason()));
        }
        return new SimulationResponse(timeline);
    }
}
