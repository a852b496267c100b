/**
 * The traffic-service's pure domain core: routes built from spec revisions, the per-component admission queue (FIFO,
 * max_concurrency per replica, max_queue, least-outstanding balancing with two random choices, cold starts, queue-wait
 * expiry), the access decision over the token cache, and request-target parsing. Records, small mutable state objects
 * and functions: nothing here imports Quarkus, Vert.x, fabric8, Kafka or Micrometer, and time is passed in (monotonic
 * nanoseconds on the request path, an {@link java.time.Instant} for token expiry). {@code DomainPurityTest} enforces
 * this.
 */
package dev.tiffin.traffic.domain;
