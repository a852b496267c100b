package dev.tiffin.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion} field of a {@code @QuarkusTest} class
 * that {@link KafkaTestResource} fills with a companion connected to the test broker.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectKafkaCompanion {}
