package dev.tiffin.contracts.spec;

/** Resources per replica: either a catalog instance type (Basic) or explicit requests/limits (Custom). */
public record Resources(String instanceType, ResourceQuantities requests, ResourceQuantities limits) {}
