package dev.tiffin.contracts.api;

/** Observed replicas of one component. */
public record ReplicaCounts(int desired, int ready, int available) {}
