package dev.tiffin.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tiffin.contracts.Specs;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.SpecDefaults;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The published schemas match the records: a record change without regenerated schema files fails here. To
 * regenerate, run {@link SchemaGenerator#main} from the contracts directory, or this test with
 * {@code -Dtiffin.schemas.write=true}.
 */
class SchemaFilesTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    static JsonNode resource(String path) throws IOException {
        try (InputStream in = SchemaFilesTest.class.getResourceAsStream("/" + path)) {
            assertThat(in).as("committed file %s", path).isNotNull();
            return path.endsWith(".yaml")
                    ? TiffinJson.yaml().readTree(in)
                    : TiffinJson.mapper().readTree(in);
        }
    }

    @Test
    void regenerateWhenAsked() throws IOException {
        if (Boolean.getBoolean("tiffin.schemas.write")) {
            SchemaGenerator.write(SchemaGenerator.RESOURCES);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void committedEventSchemaIsTheGeneratedOne(EventType type) throws IOException {
        assertThat(resource(SchemaGenerator.eventFile(type)))
                .as("regenerate with SchemaGenerator: %s", type.type())
                .isEqualTo(SchemaGenerator.eventSchema(type));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void eventSchemaDescribesItsRecord(EventType type) throws IOException {
        JsonNode schema = resource(SchemaGenerator.eventFile(type));
        Class<?> record = type.dataClass();

        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(fieldNames(schema.get("properties"))).containsExactlyElementsOf(snakeComponents(record));
        assertThat(textList(schema.get("required"))).containsExactlyElementsOf(primitiveComponents(record));
        for (Class<?> nested : nestedRecords(record, new LinkedHashSet<>())) {
            JsonNode def = schema.path("$defs").path(nested.getSimpleName());
            assertThat(def.isObject())
                    .as("$defs.%s in %s", nested.getSimpleName(), type)
                    .isTrue();
            assertThat(fieldNames(def.get("properties"))).containsExactlyElementsOf(snakeComponents(nested));
        }
    }

    @Test
    void committedSpecSchemaIsTheGeneratedOne() throws IOException {
        assertThat(resource(SchemaGenerator.SPEC_FILE)).isEqualTo(SchemaGenerator.specSchema());
    }

    @Test
    void committedAsyncApiIsTheGeneratedOne() throws IOException {
        assertThat(resource(SchemaGenerator.ASYNCAPI_FILE)).isEqualTo(SchemaGenerator.asyncApi());
    }

    @Test
    void asyncApiListsEveryEventTypeOnItsTopic() throws IOException {
        JsonNode doc = resource(SchemaGenerator.ASYNCAPI_FILE);
        assertThat(doc.get("asyncapi").asText()).isEqualTo("3.0.0");
        Map<String, String> addressByChannel = new java.util.HashMap<>();
        doc.get("channels")
                .fields()
                .forEachRemaining(e -> addressByChannel.put(
                        e.getKey(), e.getValue().get("address").asText()));
        for (EventType type : EventType.values()) {
            String id = type.dataClass().getSimpleName();
            JsonNode message = doc.path("components").path("messages").path(id);
            assertThat(message.path("name").asText()).as(type.type()).isEqualTo(type.type());
            assertThat(message.path("payload").toString()).contains(SchemaGenerator.eventFile(type));
            String channel = addressByChannel.entrySet().stream()
                    .filter(e ->
                            doc.get("channels").get(e.getKey()).path("messages").has(id))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no channel carries " + type));
            assertThat(channel).isEqualTo(type.topic());
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void aSampleOfEachEventValidatesAgainstItsSchema(EventType type) throws IOException {
        EventData sample = (EventData) Samples.of(type.dataClass());
        JsonNode data = EventCodec.wrap("test", "c/n/d", sample, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                .data();

        assertThat(errors(SchemaGenerator.eventFile(type), data)).isEmpty();
    }

    @Test
    void schemasRefuseWhatTheRecordsCannotRead() throws IOException {
        ObjectNode data = (ObjectNode) TiffinJson.tree(Samples.of(EventType.REPLICAS_CHANGED.dataClass()));
        data.remove("desired");
        data.put("unexpected", 1);
        assertThat(errors(SchemaGenerator.eventFile(EventType.REPLICAS_CHANGED), data))
                .hasSize(2);
    }

    @Test
    void specSamplesValidateAgainstTheSpecSchema() throws IOException {
        for (String sample : List.of("canonical-full.yaml", "canonical-minimal.json", "example-deployment.json")) {
            JsonNode spec = TiffinJson.tree(Specs.yaml(Specs.sample(sample)));
            assertThat(errors(SchemaGenerator.SPEC_FILE, spec)).as(sample).isEmpty();
            JsonNode effective = TiffinJson.tree(SpecDefaults.effective(Specs.yaml(Specs.sample(sample)), "c", "n"));
            assertThat(errors(SchemaGenerator.SPEC_FILE, effective)).as(sample).isEmpty();
        }
        assertThat(errors(SchemaGenerator.SPEC_FILE, TiffinJson.mapper().readTree("{\"name\":\"x\"}")))
                .hasSize(2);
    }

    private static Set<ValidationMessage> errors(String schemaFile, JsonNode instance) throws IOException {
        JsonSchema schema = FACTORY.getSchema(resource(schemaFile));
        return schema.validate(instance);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> textList(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static List<String> snakeComponents(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(c -> SchemaGenerator.snake(c.getName()))
                .toList();
    }

    private static List<String> primitiveComponents(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .filter(c -> c.getType().isPrimitive())
                .map(c -> SchemaGenerator.snake(c.getName()))
                .toList();
    }

    private static Set<Class<?>> nestedRecords(Class<?> record, Set<Class<?>> found) {
        for (RecordComponent c : record.getRecordComponents()) {
            for (Class<?> t : classesIn(c.getGenericType())) {
                if (t.isRecord() && !writtenAsValue(t) && found.add(t)) {
                    nestedRecords(t, found);
                }
            }
        }
        return found;
    }

    /** A record written as a plain JSON value ({@code @JsonValue}), e.g. TimeoutValue. */
    private static boolean writtenAsValue(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .anyMatch(c -> c.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonValue.class)
                        || c.getAccessor().isAnnotationPresent(com.fasterxml.jackson.annotation.JsonValue.class));
    }

    private static List<Class<?>> classesIn(Type type) {
        if (type instanceof ParameterizedType p) {
            List<Class<?>> out = new ArrayList<>();
            for (Type arg : p.getActualTypeArguments()) {
                out.addAll(classesIn(arg));
            }
            return out;
        }
        return type instanceof Class<?> c ? List.of(c) : List.of();
    }

    @Test
    void readmeListsEveryEventType() throws IOException {
        String readme = java.nio.file.Files.readString(Path.of("README.md"));
        for (EventType type : EventType.values()) {
            assertThat(readme)
                    .contains("| `" + type.type() + "` | " + type.dataClass().getSimpleName() + " | `" + type.topic()
                            + "` |");
        }
    }

    @Test
    void generatorWritesWhereTheTestReads() {
        assertThat(SchemaGenerator.RESOURCES).isEqualTo(Path.of("src", "main", "resources"));
    }
}
