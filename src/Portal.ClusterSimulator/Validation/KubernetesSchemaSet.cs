using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Validation;

/// <summary>
/// Kubernetes' own OpenAPI v3 documents (<c>api__v1_openapi.json</c>, <c>apis__apps__v1_openapi.json</c>, ...) as one
/// set of schemas: every component tagged with an <c>x-kubernetes-group-version-kind</c> is the schema of that kind,
/// and its <c>$ref</c>s resolve in the document it came from. The one way the simulator (for the kinds it serves, see
/// <c>KubernetesOpenApiReader</c>) and the tests (for any kind: transformed manifests, deploy/ files) check a
/// built-in object: <see cref="Validate"/>. Thread-safe once loaded.
/// </summary>
public sealed class KubernetesSchemaSet
{
    public const string FileSuffix = "_openapi.json";
    private const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private readonly Dictionary<(string ApiVersion, string Kind), (JsonObject Schema, JsonObject Definitions)> _byKind = new();
    private readonly Dictionary<string, (JsonObject Schema, JsonObject Definitions)> _components = new(StringComparer.Ordinal);

    /// <summary>Every <c>*_openapi.json</c> directly in <paramref name="folder"/> (e.g. <c>shared/crds/kubernetes-openapi-v3</c>).</summary>
    public static KubernetesSchemaSet Load(string folder)
    {
        var set = new KubernetesSchemaSet();
        foreach (var file in Directory.GetFiles(folder, "*" + FileSuffix).Order(StringComparer.Ordinal))
        {
            if (ReadSchemas(file) is { } schemas) set.Add(schemas);
        }
        return set;
    }

    /// <summary>The document's <c>components.schemas</c>, fully materialized (safe to read from several threads); null
    /// when the file is not an OpenAPI v3 document.</summary>
    internal static JsonObject? ReadSchemas(string file)
    {
        JsonNode? doc;
        try
        {
            doc = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (JsonException)
        {
            return null;
        }
        if (doc?["components"]?["schemas"] is not JsonObject schemas) return null;
        SchemaReferences.Materialize(schemas);
        return schemas;
    }

    /// <summary>(apiVersion, kind) of each <c>x-kubernetes-group-version-kind</c> a component carries.</summary>
    internal static IEnumerable<(string ApiVersion, string Kind)> KindsOf(JsonObject schema) =>
        (schema["x-kubernetes-group-version-kind"] as JsonArray)?.OfType<JsonObject>().Select(gvk =>
        {
            var group = gvk["group"]?.GetValue<string>() ?? "";
            var version = gvk["version"]!.GetValue<string>();
            return (group.Length == 0 ? version : $"{group}/{version}", gvk["kind"]!.GetValue<string>());
        }) ?? [];

    private void Add(JsonObject schemas)
    {
        foreach (var (name, node) in schemas)
        {
            if (node is not JsonObject schema) continue;
            _components.TryAdd(name, (schema, schemas));
            foreach (var key in KindsOf(schema)) _byKind.TryAdd(key, (schema, schemas));
        }
    }

    /// <summary>The kinds with a schema, as (apiVersion, kind).</summary>
    public IReadOnlyCollection<(string ApiVersion, string Kind)> Kinds => _byKind.Keys;

    public bool HasSchema(string apiVersion, string kind) => _byKind.ContainsKey((apiVersion, kind));

    /// <summary>
    /// What kube-apiserver answers to a create of <paramref name="obj"/> with <c>fieldValidation=Strict</c> (or, without
    /// <paramref name="strict"/>, what it refuses even when pruning unknown fields): the ObjectMeta rules, the metadata
    /// against ObjectMeta, the rest against the kind's schema. A kind without a schema is one error, so nothing passes by
    /// being checked against nothing.
    /// </summary>
    public IReadOnlyList<SchemaError> Validate(JsonNode obj, bool strict = true)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? "";
        var kind = obj["kind"]?.GetValue<string>() ?? "";
        if (!_byKind.TryGetValue((apiVersion, kind), out var full))
            return [new SchemaError("", SchemaErrorReasons.NotSupported, $"no schema known for {apiVersion}, Kind={kind}")];
        return ValidateObject(full.Schema, full.Definitions, obj, strict, nameIsLabel: kind == "Namespace" && apiVersion == "v1");
    }

    /// <summary>Validates a part of an object (a pod template, a selector) against one named component; a nested
    /// <c>metadata</c> is checked as ObjectMeta too.</summary>
    public IReadOnlyList<SchemaError> ValidatePart(string component, JsonNode? value, bool strict = true)
    {
        if (value is null) return [];
        var (schema, definitions) = _components[component];
        var errors = StructuralSchemaValidator.Validate(schema, value, strict, definitions).ToList();
        if (value["metadata"] is { } metadata && schema["properties"]?["metadata"] is not null)
            errors.AddRange(ValidateMetadata(definitions, metadata, strict, nameIsLabel: false));
        return errors;
    }

    /// <summary>
    /// One object against a built-in kind's schema from a Kubernetes OpenAPI document (<paramref name="definitions"/>
    /// being its <c>components.schemas</c>): shared by <see cref="Validate"/> and the simulator's catalog.
    /// </summary>
    internal static List<SchemaError> ValidateObject(JsonObject schema, JsonObject definitions, JsonNode obj, bool strict, bool nameIsLabel)
    {
        var errors = ValidateMetadata(definitions, obj["metadata"], strict, nameIsLabel);
        errors.AddRange(StructuralSchemaValidator.Validate(schema, obj, strict, definitions));
        NestedObjectMeta(obj["spec"], "spec", errors);
        return errors;
    }

    /// <summary>
    /// The ObjectMeta rules of the templates a built-in object embeds (a workload's pod template, a CronJob's job
    /// template, a StatefulSet's claim templates): the API server checks their labels and annotations as it checks the
    /// object's own. In built-in kinds every <c>metadata</c> object is an ObjectMeta.
    /// </summary>
    private static void NestedObjectMeta(JsonNode? node, string path, List<SchemaError> errors)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    var at = $"{path}.{key}";
                    if (key == "metadata" && child is JsonObject meta)
                        errors.AddRange(ObjectMetaValidator.Validate(meta).Select(e => e with { Field = $"{path}.{e.Field}", Message = $"{path}.{e.Message}" }));
                    NestedObjectMeta(child, at, errors);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) NestedObjectMeta(a[i], $"{path}[{i}]", errors);
                break;
        }
    }

    private static List<SchemaError> ValidateMetadata(JsonObject definitions, JsonNode? metadata, bool strict, bool nameIsLabel)
    {
        var errors = ObjectMetaValidator.Validate(metadata, nameIsLabel).ToList();
        if (metadata is not null && definitions[ObjectMeta] is JsonObject objectMeta)
        {
            errors.AddRange(StructuralSchemaValidator.Validate(objectMeta, metadata, strict, definitions)
                .Select(e => new SchemaError(Prefixed(e.Field), e.Reason, PrefixMessage(e))));
        }
        return errors;
    }

    private static string Prefixed(string field) => field.Length == 0 ? "metadata" : $"metadata.{field}";

    // The validator treats metadata as an object root: its paths start below it, so say where they are.
    private static string PrefixMessage(SchemaError e) =>
        e.Field.Length > 0 && e.Message.StartsWith("." + e.Field, StringComparison.Ordinal) ? ".metadata" + e.Message
        : e.Field.Length > 0 && e.Message.StartsWith(e.Field, StringComparison.Ordinal) ? "metadata." + e.Message
        : e.Message;
}
