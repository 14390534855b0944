using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Validation;

/// <summary>
/// Resolves <c>$ref</c> in Kubernetes' OpenAPI v3 schemas. kube-openapi writes a reference either bare
/// (<c>{"$ref": "#/components/schemas/X"}</c>) or wrapped so siblings such as <c>default</c> may stand beside it
/// (<c>{"allOf": [{"$ref": ...}], "default": {}}</c>). Both become one merged schema: the referenced schema's
/// keywords plus the siblings (siblings win). Results are cached per schema node, so resolution is lazy (only the
/// paths an object actually uses) and happens once. Thread-safe once the definitions are fully materialized
/// (see <see cref="Materialize"/>).
/// </summary>
internal static class SchemaReferences
{
    private static readonly ConditionalWeakTable<JsonObject, JsonObject> Cache = new();

    public static JsonObject? Resolve(JsonObject? schema, JsonObject? definitions)
    {
        if (schema is null || definitions is null || !HasReference(schema)) return schema;
        return Cache.GetValue(schema, s => Merge(s, definitions, depth: 0));
    }

    /// <summary>
    /// Forces System.Text.Json to build every lazily parsed object and array now: JsonNode.Parse defers that to the
    /// first read, which is not safe when several requests read the same schema at once.
    /// </summary>
    public static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o) Materialize(child);
                break;
            case JsonArray a:
                foreach (var child in a) Materialize(child);
                break;
        }
    }

    private static bool HasReference(JsonObject schema) =>
        schema.ContainsKey("$ref") || (schema["allOf"] is JsonArray allOf && allOf.Any(IsPureReference));

    private static bool IsPureReference(JsonNode? node) => node is JsonObject o && o.ContainsKey("$ref");

    private static JsonObject Merge(JsonObject schema, JsonObject definitions, int depth)
    {
        var merged = new JsonObject();
        var references = new List<string>();
        foreach (var (key, value) in schema)
        {
            if (key == "$ref")
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var r)) references.Add(r);
                continue;
            }
            if (key == "allOf" && value is JsonArray allOf)
            {
                var rest = new JsonArray();
                foreach (var item in allOf)
                {
                    if (item is JsonObject o && o["$ref"] is JsonValue rv && rv.TryGetValue<string>(out var r)) references.Add(r);
                    else rest.Add(item?.DeepClone());
                }
                if (rest.Count > 0) merged["allOf"] = rest;
                continue;
            }
            merged[key] = value?.DeepClone();
        }
        foreach (var reference in references)
        {
            var target = Lookup(reference, definitions);
            if (target is null) continue;
            if (depth < 32 && HasReference(target)) target = Merge(target, definitions, depth + 1);
            foreach (var (key, value) in target)
            {
                if (key is "description" or "x-kubernetes-group-version-kind") continue;
                if (!merged.ContainsKey(key)) merged[key] = value?.DeepClone();
            }
        }
        return merged;
    }

    private static JsonObject? Lookup(string reference, JsonObject definitions)
    {
        foreach (var prefix in new[] { "#/components/schemas/", "#/definitions/" })
        {
            if (reference.StartsWith(prefix, StringComparison.Ordinal)) return definitions[reference[prefix.Length..]] as JsonObject;
        }
        return null;
    }
}
