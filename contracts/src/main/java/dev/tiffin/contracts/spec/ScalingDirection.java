package dev.tiffin.contracts.spec;

/** The two directions of an HPA v2 behaviour. */
public enum ScalingDirection {
    UP,
    DOWN
}
