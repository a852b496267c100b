package dev.tiffin.rollout.api;

import static dev.tiffin.contracts.validation.ViolationCodes.INVALID_VALUE;
import static dev.tiffin.contracts.validation.ViolationCodes.OUT_OF_RANGE;
import static dev.tiffin.contracts.validation.ViolationCodes.REQUIRED;

import dev.tiffin.contracts.json.StrictReader;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentStrategy;
import dev.tiffin.contracts.validation.InvalidDocumentException;
import dev.tiffin.contracts.validation.SpecValidator;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.rollout.domain.RolloutPlanner;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The read-only rollout plan (the gateway proxies {@code POST /v1/rollouts/plan} here): the sequence of steps a
 * rollout would take, computed by the planner the live rollout uses.
 */
@Path("/internal/v1/rollouts/plan")
public class RolloutPlanResource {

    /** As many replicas as a component may have (the spec's bound). */
    static final int MAX_REPLICAS = SpecValidator.MAX_REPLICAS;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public PlanResponse plan(String body) {
        PlanRequest request = StrictReader.bind(StrictReader.parseTree(body, TiffinJson.mapper()), PlanRequest.class);
        List<Violation> violations = new ArrayList<>();
        DeploymentStrategy strategy = DeploymentStrategy.ROLLING_UPDATE;
        if (request.strategy() != null) {
            if (DeploymentStrategy.isValid(request.strategy())) {
                strategy = DeploymentStrategy.parse(request.strategy());
            } else {
                violations.add(Violation.of("strategy", INVALID_VALUE, "strategy must be one of " + strategies()));
            }
        }
        if (request.replicas() == null) {
            violations.add(Violation.of("replicas", REQUIRED, "replicas is required"));
        } else {
            checkRange(violations, "replicas", request.replicas());
        }
        if (request.currentReplicas() != null) {
            checkRange(violations, "current_replicas", request.currentReplicas());
        }
        if (!violations.isEmpty()) {
            throw new InvalidDocumentException(violations);
        }
        int current = request.currentReplicas() == null ? request.replicas() : request.currentReplicas();
        return PlanResponse.of(RolloutPlanner.plan(strategy, request.replicas(), current));
    }

    private static void checkRange(List<Violation> violations, String field, int value) {
        if (value < 0 || value > MAX_REPLICAS) {
            violations.add(Violation.of(field, OUT_OF_RANGE, field + " must be between 0 and " + MAX_REPLICAS));
        }
    }

    private static String strategies() {
        return Arrays.stream(DeploymentStrategy.values())
                .map(DeploymentStrategy::wire)
                .collect(Collectors.joining(", "));
    }
}
