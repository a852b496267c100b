package dev.tiffin.traffic.proxy;

/** Where the proxy reports a cold start: a request found no ready replica (once per cold start and component). */
@FunctionalInterface
public interface ActivationSink {

    void requested(ComponentGate gate);
}
