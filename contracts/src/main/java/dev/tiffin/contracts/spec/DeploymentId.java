package dev.tiffin.contracts.spec;

/**
 * A deployment's identity, {@code cluster/namespace/name}; also the Kafka key of all its messages, so that every
 * consumer sees one deployment's events in order.
 */
public record DeploymentId(String cluster, String namespace, String name) {

    public static DeploymentId parse(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("not a deployment id (cluster/namespace/name): " + key);
        }
        return new DeploymentId(parts[0], parts[1], parts[2]);
    }

    public String key() {
        return cluster + "/" + namespace + "/" + name;
    }

    @Override
    public String toString() {
        return key();
    }
}
