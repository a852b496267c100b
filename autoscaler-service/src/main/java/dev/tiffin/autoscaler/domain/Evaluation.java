package dev.tiffin.autoscaler.domain;

/** The explained decision of one evaluation and the state to carry to the next one. */
public record Evaluation(ScalingDecision decision, AutoscalerState state) {}
