package dev.tiffin.contracts.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.AccessType;
import dev.tiffin.contracts.spec.Behavior;
import dev.tiffin.contracts.spec.DeploymentStrategy;
import dev.tiffin.contracts.spec.MetricType;
import dev.tiffin.contracts.spec.TimeoutValue;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Generates the published schemas from the records: a JSON Schema (draft 2020-12) per event type, the canonical spec
 * schema and the AsyncAPI 3.0 document. {@code SchemaFilesTest} compares the committed files with this output, so a
 * record change without regenerated schemas fails the build. Regenerate from the module directory with
 * {@code main} (e.g. from the IDE, or {@code -Dtiffin.schemas.write=true} on SchemaFilesTest).
 */
public final class SchemaGenerator {

    static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";
    static final String ID_BASE = "https://tiffin.dev/schemas/";
    static final Path RESOURCES = Path.of("src", "main", "resources");
    static final String SPEC_FILE = "schemas/deployment-spec.json";
    static final String ASYNCAPI_FILE = "asyncapi.yaml";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /** Constraints the record types cannot express: enums of string fields, required fields of the spec. */
    private static final Map<String, List<String>> ENUMS = Map.of(
            "DeploymentSpec.access_type", wires(AccessType.values()),
            "DeploymentSpec.deployment_strategy", wires(DeploymentStrategy.values()),
            "Component.deployment_strategy", wires(DeploymentStrategy.values()),
            "MetricTarget.type", wires(MetricType.values()),
            "ScalingRules.behavior", wires(Behavior.values()),
            "ScalingRules.select_policy", List.of("max", "min", "disabled"),
            "ScalingPolicy.type", List.of("pods", "percent"));

    private static final Map<String, List<String>> REQUIRED =
            Map.of("DeploymentSpec", List.of("name", "bento", "api_server"));

    private final Map<String, ObjectNode> defs = new TreeMap<>();

    private SchemaGenerator() {}

    public static String snake(String name) {
        return SNAKE.translate(name);
    }

    public static String eventFile(EventType type) {
        return "schemas/events/" + type.type() + ".json";
    }

    /** The JSON Schema of one event type's {@code data}. */
    public static ObjectNode eventSchema(EventType type) {
        SchemaGenerator g = new SchemaGenerator();
        ObjectNode root = F.objectNode();
        root.put("$schema", DRAFT);
        root.put("$id", ID_BASE + "events/" + type.type() + ".json");
        root.put("title", type.dataClass().getSimpleName());
        root.put(
                "description",
                "The data of CloudEvents of type " + type.type() + " on topic " + type.topic()
                        + ". Absent optional fields are omitted, never null.");
        root.setAll(g.object(type.dataClass()));
        g.attachDefs(root);
        return root;
    }

    /** The JSON Schema of the canonical deployment document. */
    public static ObjectNode specSchema() {
        SchemaGenerator g = new SchemaGenerator();
        ObjectNode root = F.objectNode();
        root.put("$schema", DRAFT);
        root.put("$id", ID_BASE + "deployment-spec.json");
        root.put("title", "DeploymentSpec");
        root.put(
                "description",
                "Tiffin's canonical Deployment document (snake_case). The full rules are in contracts/README.md;"
                        + " SpecValidator is authoritative.");
        root.setAll(g.object(dev.tiffin.contracts.spec.DeploymentSpec.class));
        g.attachDefs(root);
        return root;
    }

    /** The AsyncAPI 3.0 document: channels = topics, messages = event types in a CloudEvents envelope. */
    public static ObjectNode asyncApi() {
        ObjectNode doc = F.objectNode();
        doc.put("asyncapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Tiffin events");
        info.put("version", "1.0.0");
        info.put(
                "description",
                "Every event Tiffin publishes on Kafka. Each message is a CloudEvents 1.0 envelope in structured JSON"
                        + " mode; its data is described by the JSON Schema of its type (schemas/events/<type>.json)."
                        + " The Kafka key is the deployment id (cluster/namespace/name), or the token id on"
                        + " tiffin.access. Messages a consumer cannot process go to <topic>.dlq. A published type's"
                        + " shape is never edited; a breaking change is a new type version.");
        doc.put("defaultContentType", "application/cloudevents+json");
        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("CloudEvent", cloudEventSchema());
        Set<String> topics = new LinkedHashSet<>();
        Arrays.stream(EventType.values()).forEach(t -> topics.add(t.topic()));
        for (String topic : topics) {
            String channelId = channelId(topic);
            ObjectNode channel = channels.putObject(channelId);
            channel.put("address", topic);
            channel.put("description", "Kafka topic " + topic + ".");
            ObjectNode channelMessages = channel.putObject("messages");
            ObjectNode operation = operations.putObject("publish" + capitalise(channelId));
            operation.put("action", "send");
            operation.putObject("channel").put("$ref", "#/channels/" + channelId);
            ArrayNode operationMessages = operation.putArray("messages");
            for (EventType type : EventType.values()) {
                if (!type.topic().equals(topic)) {
                    continue;
                }
                String messageId = type.dataClass().getSimpleName();
                channelMessages.putObject(messageId).put("$ref", "#/components/messages/" + messageId);
                operationMessages.addObject().put("$ref", "#/channels/" + channelId + "/messages/" + messageId);
                messages.set(messageId, message(type, topic));
            }
        }
        return doc;
    }

    private static ObjectNode message(EventType type, String topic) {
        ObjectNode m = F.objectNode();
        m.put("name", type.type());
        m.put("title", type.dataClass().getSimpleName());
        m.put("contentType", "application/cloudevents+json");
        ObjectNode kafka = m.putObject("bindings").putObject("kafka");
        ObjectNode key = kafka.putObject("key");
        key.put("type", "string");
        key.put(
                "description",
                topic.equals(dev.tiffin.contracts.events.Topics.ACCESS)
                        ? "the token id"
                        : "the deployment id: cluster/namespace/name");
        kafka.put("bindingVersion", "0.5.0");
        ObjectNode payload = m.putObject("payload");
        ArrayNode allOf = payload.putArray("allOf");
        allOf.addObject().put("$ref", "#/components/schemas/CloudEvent");
        ObjectNode specific = allOf.addObject();
        specific.put("type", "object");
        ObjectNode props = specific.putObject("properties");
        props.putObject("type").put("const", type.type());
        props.putObject("data").put("$ref", eventFile(type));
        return m;
    }

    private static ObjectNode cloudEventSchema() {
        ObjectNode s = F.objectNode();
        s.put("type", "object");
        s.put("description", "CloudEvents 1.0 envelope, structured JSON mode.");
        ObjectNode props = s.putObject("properties");
        for (RecordComponent c : CloudEvent.class.getRecordComponents()) {
            ObjectNode p = props.putObject(snake(c.getName()));
            if (c.getName().equals("data")) {
                p.put("type", "object");
            } else {
                p.put("type", "string");
            }
            if (c.getType() == Instant.class) {
                p.put("format", "date-time");
            }
        }
        ((ObjectNode) props.get("specversion")).put("const", CloudEvent.SPEC_VERSION);
        ((ObjectNode) props.get("datacontenttype")).put("const", CloudEvent.CONTENT_TYPE);
        ArrayNode required = s.putArray("required");
        List.of("specversion", "id", "source", "type", "time", "data").forEach(required::add);
        return s;
    }

    private static String channelId(String topic) {
        String[] parts = topic.replaceFirst("^tiffin\\.", "").split("[._]");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            out.append(capitalise(parts[i]));
        }
        return out.toString();
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private void attachDefs(ObjectNode root) {
        if (!defs.isEmpty()) {
            ObjectNode out = root.putObject("$defs");
            defs.forEach(out::set);
        }
    }

    /** An object schema of a record: properties in component order, required = primitive components. */
    private ObjectNode object(Class<?> record) {
        ObjectNode s = F.objectNode();
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        List<String> required = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            String name = snake(c.getName());
            ObjectNode p = type(c.getGenericType());
            List<String> allowed = ENUMS.get(record.getSimpleName() + "." + name);
            if (allowed != null) {
                ArrayNode e = p.putArray("enum");
                allowed.forEach(e::add);
            }
            props.set(name, p);
            if (c.getType().isPrimitive()) {
                required.add(name);
            }
        }
        required.addAll(REQUIRED.getOrDefault(record.getSimpleName(), List.of()));
        if (!required.isEmpty()) {
            ArrayNode r = s.putArray("required");
            required.forEach(r::add);
        }
        s.put("additionalProperties", false);
        return s;
    }

    private ObjectNode type(Type type) {
        ObjectNode s = F.objectNode();
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                s.put("type", "array");
                s.set("items", type(p.getActualTypeArguments()[0]));
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                s.put("type", "object");
                s.set("additionalProperties", type(p.getActualTypeArguments()[1]));
                return s;
            }
            throw new IllegalArgumentException("unsupported type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            s.put("type", "string");
        } else if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            s.put("type", "integer");
        } else if (c == double.class || c == Double.class) {
            s.put("type", "number");
        } else if (c == boolean.class || c == Boolean.class) {
            s.put("type", "boolean");
        } else if (c == Instant.class) {
            s.put("type", "string");
            s.put("format", "date-time");
        } else if (c == TimeoutValue.class) {
            s.put("description", "seconds (a number) or a number with a unit: ms, s, m, h (\"90s\", \"5m\")");
            ArrayNode t = s.putArray("type");
            t.add("number");
            t.add("string");
        } else if (c == Object.class || JsonNode.class.isAssignableFrom(c)) {
            s.put("description", "any JSON value");
        } else if (c.isEnum()) {
            s.put("type", "string");
            ArrayNode e = s.putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                e.add(TiffinJson.mapper().convertValue(constant, String.class));
            }
        } else if (c.isRecord()) {
            String name = c.getSimpleName();
            if (!defs.containsKey(name)) {
                defs.put(name, F.objectNode());
                defs.put(name, object(c));
            }
            s.put("$ref", "#/$defs/" + name);
        } else {
            throw new IllegalArgumentException("unsupported type " + c);
        }
        return s;
    }

    private static List<String> wires(Enum<?>[] values) {
        return Arrays.stream(values).map(SchemaGenerator::wire).toList();
    }

    /** The spec enums' {@code wire()} spelling. */
    private static String wire(Enum<?> value) {
        try {
            return (String) value.getClass().getMethod("wire").invoke(value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pretty(JsonNode node) throws IOException {
        return TiffinJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    }

    static String yaml(JsonNode node) throws IOException {
        return YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                .build()
                .writeValueAsString(node);
    }

    /** Writes every schema file under {@code src/main/resources} (run from the contracts module directory). */
    public static void main(String[] args) throws IOException {
        write(RESOURCES);
    }

    static void write(Path resources) throws IOException {
        for (EventType type : EventType.values()) {
            Path file = resources.resolve(eventFile(type));
            Files.createDirectories(file.getParent());
            Files.writeString(file, pretty(eventSchema(type)));
        }
        Files.writeString(resources.resolve(SPEC_FILE), pretty(specSchema()));
        Files.writeString(resources.resolve(ASYNCAPI_FILE), yaml(asyncApi()));
    }
}
