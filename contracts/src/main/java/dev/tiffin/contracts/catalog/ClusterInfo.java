package dev.tiffin.contracts.catalog;

/**
 * A registered cluster: its name, the namespace deployments go to by default, and how to reach it (a kubeconfig
 * context; none means in-cluster or the local simulated cluster).
 */
public record ClusterInfo(String name, String defaultNamespace, String kubeconfigContext, String description) {}
