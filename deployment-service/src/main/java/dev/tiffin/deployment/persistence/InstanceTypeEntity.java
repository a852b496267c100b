package dev.tiffin.deployment.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tiffin.contracts.catalog.InstanceType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/** A registered instance type (the Basic resources choice). */
@Entity
@Table(name = "instance_type")
public class InstanceTypeEntity extends PanacheEntityBase {

    @Id
    public String name;

    public String cpu;
    public String memory;
    public Integer gpu;

    @Column(name = "gpu_type")
    public String gpuType;

    public Double price;

    @Column(name = "node_selector")
    public String nodeSelector;

    @Column(name = "created_at")
    public Instant createdAt;

    public static InstanceTypeEntity of(InstanceType type, Instant at) {
        InstanceTypeEntity e = new InstanceTypeEntity();
        e.name = type.name();
        e.cpu = type.cpu();
        e.memory = type.memory();
        e.gpu = type.gpu();
        e.gpuType = type.gpuType();
        e.price = type.price();
        e.nodeSelector = JsonColumns.write(type.nodeSelector() == null ? Map.of() : type.nodeSelector());
        e.createdAt = at;
        return e;
    }

    public InstanceType toInfo() {
        Map<String, String> selector = JsonColumns.read(nodeSelector, new TypeReference<Map<String, String>>() {});
        return new InstanceType(
                name, cpu, memory, gpu, gpuType, price, selector == null || selector.isEmpty() ? null : selector);
    }
}
