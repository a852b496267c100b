/**
 * The rollout-service's pure domain core: strategy parameters with Kubernetes' fencepost rules, the step planner that
 * follows the Deployment controller's rolling and recreate loops, whole-rollout plans, downtime warnings and the
 * progress deadline. Records and functions only: nothing here imports Quarkus, fabric8, Kafka or any I/O, and time is
 * passed in (an {@link java.time.Instant} or a {@link java.time.Clock}). {@code DomainPurityTest} enforces this.
 */
package dev.tiffin.rollout.domain;
