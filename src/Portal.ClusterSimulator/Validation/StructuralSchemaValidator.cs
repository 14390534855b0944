using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.ClusterSimulator.Validation;

/// <summary>
/// Validates a Kubernetes object against a CRD structural schema (the <c>openAPIV3Schema</c> of one version),
/// the way kube-apiserver does for custom resources. Supports type, properties, required, enum, pattern,
/// format date-time (loosely), minimum/maximum (+ exclusive), min/maxLength, min/maxItems, min/maxProperties,
/// items, additionalProperties, allOf/anyOf/oneOf/not, nullable, x-kubernetes-preserve-unknown-fields,
/// x-kubernetes-int-or-string and x-kubernetes-embedded-resource. CEL rules (x-kubernetes-validations) are ignored.
/// <para>
/// Unknown fields follow the API server: <see cref="Validate"/> reports them only when
/// <paramref name="reportUnknownFields"/> is set (what <c>fieldValidation=Strict</c> does);
/// <see cref="Prune"/> removes them (what happens silently otherwise). Nulls in non-nullable fields are
/// pruned, never reported, as the API server does.
/// </para>
/// </summary>
public static class StructuralSchemaValidator
{
    private static readonly string[] RootFields = ["apiVersion", "kind", "metadata"];

    /// <summary>Validates <paramref name="value"/>; the top level is treated as an object root (apiVersion/kind/metadata always allowed).</summary>
    public static IReadOnlyList<SchemaError> Validate(JsonNode schema, JsonNode? value, bool reportUnknownFields = true) =>
        Validate(schema, value, reportUnknownFields, definitions: null);

    /// <summary>
    /// Like <see cref="Validate(JsonNode, JsonNode?, bool)"/> for a schema that uses <c>$ref</c> (Kubernetes' own
    /// OpenAPI v3 documents): references such as <c>#/components/schemas/io.k8s.api.core.v1.PodSpec</c> resolve in
    /// <paramref name="definitions"/> (the document's <c>components.schemas</c>), also when wrapped in <c>allOf</c>.
    /// </summary>
    public static IReadOnlyList<SchemaError> Validate(JsonNode schema, JsonNode? value, bool reportUnknownFields, JsonObject? definitions)
    {
        var errors = new List<SchemaError>();
        ValidateNode(schema as JsonObject, value, "", errors, reportUnknownFields, definitions, isRoot: true);
        return errors;
    }

    /// <summary>Same as <see cref="Validate(JsonNode, JsonNode?, bool)"/> for callers holding a <see cref="JsonElement"/>.</summary>
    public static IReadOnlyList<SchemaError> Validate(JsonElement schema, JsonElement value, bool reportUnknownFields = true) =>
        Validate(JsonNode.Parse(schema.GetRawText())!, JsonNode.Parse(value.GetRawText()), reportUnknownFields);

    /// <summary>Removes fields the schema does not declare (and nulls it does not allow). Returns how many were removed.</summary>
    public static int Prune(JsonNode schema, JsonNode? value) => PruneNode(schema as JsonObject, value, null, isRoot: true);

    /// <summary>Like <see cref="Prune(JsonNode, JsonNode?)"/> resolving <c>$ref</c>s in <paramref name="definitions"/>.</summary>
    public static int Prune(JsonNode schema, JsonNode? value, JsonObject? definitions) => PruneNode(schema as JsonObject, value, definitions, isRoot: true);

    private static void ValidateNode(JsonObject? schema, JsonNode? node, string path, List<SchemaError> errors, bool reportUnknown, JsonObject? defs, bool isRoot = false)
    {
        schema = SchemaReferences.Resolve(schema, defs);
        if (schema is null) return;
        if (node is null) return; // null is either nullable or pruned: never an error

        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            if (!IsInteger(node) && node.GetValueKind() != JsonValueKind.String)
            {
                errors.Add(TypeError(path, node, "integer or string"));
                return;
            }
        }
        else if (schema["type"] is JsonValue t && t.TryGetValue<string>(out var type) && !MatchesType(node, type))
        {
            errors.Add(TypeError(path, node, type));
            return;
        }

        CheckEnum(schema, node, path, errors);
        switch (node)
        {
            case JsonObject obj:
                ValidateObject(schema, obj, path, errors, reportUnknown, defs, isRoot);
                break;
            case JsonArray arr:
                ValidateArray(schema, arr, path, errors, reportUnknown, defs);
                break;
            case JsonValue v:
                ValidateScalar(schema, v, path, errors);
                break;
        }
        ValidateCombinators(schema, node, path, errors, defs);
    }

    private static void ValidateObject(JsonObject schema, JsonObject obj, string path, List<SchemaError> errors, bool reportUnknown, JsonObject? defs, bool isRoot)
    {
        var properties = schema["properties"] as JsonObject;
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r?.GetValue<string>()).OfType<string>())
            {
                if (obj[name] is null) errors.Add(new SchemaError(Join(path, name), SchemaErrorReasons.Required, $"{Join(path, name)}: Required value"));
            }
        }
        CheckCount(schema, obj.Count, path, "minProperties", "maxProperties", "properties", errors);

        var preserveUnknown = Flag(schema, "x-kubernetes-preserve-unknown-fields") || IsOpaqueObject(schema, defs);
        var embedded = Flag(schema, "x-kubernetes-embedded-resource");
        foreach (var (key, child) in obj)
        {
            var childPath = Join(path, key);
            if (properties?[key] is JsonObject propSchema)
            {
                if ((isRoot || embedded) && key == "metadata") continue; // ObjectMeta is validated by the server itself
                ValidateNode(propSchema, child, childPath, errors, reportUnknown, defs);
            }
            else if (schema["additionalProperties"] is JsonObject additional)
            {
                ValidateNode(additional, child, childPath, errors, reportUnknown, defs);
            }
            else if (preserveUnknown || IsTrue(schema["additionalProperties"]) || ((isRoot || embedded) && RootFields.Contains(key)))
            {
                // declared as free-form, or one of the fields every object root carries
            }
            else if (reportUnknown)
            {
                errors.Add(new SchemaError(childPath, SchemaErrorReasons.Unknown, $".{childPath}: field not declared in schema"));
            }
        }
    }

    private static void ValidateArray(JsonObject schema, JsonArray arr, string path, List<SchemaError> errors, bool reportUnknown, JsonObject? defs)
    {
        CheckCount(schema, arr.Count, path, "minItems", "maxItems", "items", errors);
        if (schema["items"] is JsonObject itemSchema)
        {
            for (var i = 0; i < arr.Count; i++)
            {
                ValidateNode(itemSchema, arr[i], $"{path}[{i}]", errors, reportUnknown, defs);
            }
        }
    }

    private static void ValidateScalar(JsonObject schema, JsonValue v, string path, List<SchemaError> errors)
    {
        if (v.TryGetValue<string>(out var s))
        {
            if (schema["maxLength"].AsLong() is { } max && s.Length > max)
                errors.Add(new SchemaError(path, SchemaErrorReasons.TooLong, $"{path}: Too long: may not be more than {max} bytes"));
            if (schema["minLength"].AsLong() is { } min && s.Length < min)
                errors.Add(Invalid(path, v, $"{path} in body should be at least {min} chars long"));
            if (schema["pattern"] is JsonValue p && p.TryGetValue<string>(out var pattern) && !SafeMatch(s, pattern))
                errors.Add(Invalid(path, v, $"{path} in body should match '{pattern}'"));
            if (schema["format"] is JsonValue f && f.TryGetValue<string>(out var format) && format == "date-time"
                && !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
                errors.Add(Invalid(path, v, $"{path} in body must be of type date-time"));
            return;
        }
        if (v.GetValueKind() != JsonValueKind.Number) return;
        var number = NumberOf(v);
        if (schema["format"] is JsonValue nf && nf.TryGetValue<string>(out var numberFormat) && numberFormat == "int32"
            && (number < int.MinValue || number > int.MaxValue))
            errors.Add(Invalid(path, v, $"{path} in body must be of type int32"));
        if (schema["minimum"].AsDouble() is { } minimum)
        {
            var exclusive = IsTrue(schema["exclusiveMinimum"]);
            if (exclusive ? number <= minimum : number < minimum)
                errors.Add(Invalid(path, v, $"{path} in body should be greater than {(exclusive ? "" : "or equal to ")}{Fmt(minimum)}"));
        }
        if (schema["maximum"].AsDouble() is { } maximum)
        {
            var exclusive = IsTrue(schema["exclusiveMaximum"]);
            if (exclusive ? number >= maximum : number > maximum)
                errors.Add(Invalid(path, v, $"{path} in body should be less than {(exclusive ? "" : "or equal to ")}{Fmt(maximum)}"));
        }
    }

    // Combinators only carry value validations in structural schemas, so unknown fields are not judged inside them.
    private static void ValidateCombinators(JsonObject schema, JsonNode node, string path, List<SchemaError> errors, JsonObject? defs)
    {
        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var sub in allOf.OfType<JsonObject>()) ValidateNode(sub, node, path, errors, reportUnknown: false, defs);
        }
        if (schema["anyOf"] is JsonArray anyOf && anyOf.Count > 0)
        {
            var attempts = anyOf.OfType<JsonObject>().Select(sub => SubErrors(sub, node, path, defs)).ToList();
            if (attempts.All(a => a.Count > 0))
            {
                errors.AddRange(attempts[0]);
                if (attempts[0].Count == 0) errors.Add(Invalid(path, node, $"{path} in body must validate at least one schema (anyOf)"));
            }
        }
        if (schema["oneOf"] is JsonArray oneOf && oneOf.Count > 0)
        {
            var passing = oneOf.OfType<JsonObject>().Count(sub => SubErrors(sub, node, path, defs).Count == 0);
            if (passing != 1) errors.Add(Invalid(path, node, $"{path} in body must validate one and only one schema (oneOf)"));
        }
        if (schema["not"] is JsonObject not && SubErrors(not, node, path, defs).Count == 0)
        {
            errors.Add(Invalid(path, node, $"{path} in body should not be valid against the \"not\" schema"));
        }
    }

    private static List<SchemaError> SubErrors(JsonObject sub, JsonNode node, string path, JsonObject? defs)
    {
        var list = new List<SchemaError>();
        ValidateNode(sub, node, path, list, reportUnknown: false, defs);
        return list;
    }

    private static void CheckEnum(JsonObject schema, JsonNode node, string path, List<SchemaError> errors)
    {
        if (schema["enum"] is not JsonArray values) return;
        var text = node.ToJsonString();
        if (values.Any(e => (e?.ToJsonString() ?? "null") == text)) return;
        var supported = string.Join(", ", values.Select(e => e?.ToJsonString() ?? "null"));
        errors.Add(new SchemaError(path, SchemaErrorReasons.NotSupported, $"{path}: Unsupported value: {text}: supported values: {supported}"));
    }

    private static void CheckCount(JsonObject schema, int count, string path, string minKey, string maxKey, string noun, List<SchemaError> errors)
    {
        if (schema[maxKey].AsLong() is { } max && count > max)
            errors.Add(new SchemaError(path, SchemaErrorReasons.TooLong, $"{path}: Too many: {count}: must have at most {max} {noun}"));
        if (schema[minKey].AsLong() is { } min && count < min)
            errors.Add(new SchemaError(path, SchemaErrorReasons.Invalid, $"{path}: Invalid value: {count}: {path} in body should have at least {min} {noun}"));
    }

    private static int PruneNode(JsonObject? schema, JsonNode? node, JsonObject? defs, bool isRoot = false)
    {
        schema = SchemaReferences.Resolve(schema, defs);
        if (schema is null || node is null) return 0;
        var removed = 0;
        if (node is JsonArray arr && schema["items"] is JsonObject itemSchema)
        {
            foreach (var item in arr) removed += PruneNode(itemSchema, item, defs);
            return removed;
        }
        if (node is not JsonObject obj) return 0;

        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] as JsonObject;
        var preserveUnknown = Flag(schema, "x-kubernetes-preserve-unknown-fields") || IsTrue(schema["additionalProperties"]) || IsOpaqueObject(schema, defs);
        var embedded = Flag(schema, "x-kubernetes-embedded-resource");
        foreach (var (key, child) in obj.ToList())
        {
            if ((isRoot || embedded) && RootFields.Contains(key)) continue;
            var childSchema = SchemaReferences.Resolve(properties?[key] as JsonObject ?? additional, defs);
            if (childSchema is null)
            {
                if (!preserveUnknown)
                {
                    obj.Remove(key);
                    removed++;
                }
                continue;
            }
            if (child is null && !Flag(childSchema, "nullable"))
            {
                obj.Remove(key);
                removed++;
                continue;
            }
            removed += PruneNode(childSchema, child, defs);
        }
        return removed;
    }

    /// <summary>
    /// In Kubernetes' own OpenAPI documents (schemas with <paramref name="defs"/>), an object schema that declares
    /// neither <c>properties</c> nor <c>additionalProperties</c> is an opaque Go type the server keeps as raw JSON:
    /// <c>FieldsV1</c> (<c>metadata.managedFields[].fieldsV1</c>: <c>{"f:spec": {...}}</c>), <c>RawExtension</c>.
    /// Anything goes inside, as the API server's decoder accepts it. A CRD's structural schema (no
    /// <paramref name="defs"/>) means the opposite by the same shape, an object whose fields are all pruned, so
    /// this holds for built-in kinds only.
    /// </summary>
    private static bool IsOpaqueObject(JsonObject schema, JsonObject? defs) =>
        defs is not null && schema["properties"] is null && schema["additionalProperties"] is null
        && schema["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type == "object";

    private static bool MatchesType(JsonNode node, string type) => type switch
    {
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "string" => node.GetValueKind() == JsonValueKind.String,
        "boolean" => node.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "integer" => IsInteger(node),
        "number" => node.GetValueKind() == JsonValueKind.Number,
        _ => true,
    };

    private static bool IsInteger(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && Math.Abs(NumberOf(v) % 1) < double.Epsilon;

    // JsonValue may wrap a JsonElement, a long or a double; its JSON text is the one representation all share.
    private static double NumberOf(JsonValue v) => double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool SafeMatch(string s, string pattern)
    {
        try
        {
            return Regex.IsMatch(s, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(200));
        }
        catch (ArgumentException)
        {
            return true; // a pattern .NET cannot parse is not the object's fault
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    private static SchemaError TypeError(string path, JsonNode node, string expected)
    {
        var actual = node switch
        {
            JsonObject => "object",
            JsonArray => "array",
            _ => node.GetValueKind() switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Number => IsInteger(node) ? "integer" : "number",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => "null",
            },
        };
        var shown = string.IsNullOrEmpty(path) ? "body" : path;
        return new SchemaError(path, SchemaErrorReasons.TypeInvalid,
            $"{shown}: Invalid value: \"{actual}\": {shown} in body must be of type {expected}: \"{actual}\"");
    }

    private static SchemaError Invalid(string path, JsonNode node, string detail)
    {
        var shown = node is JsonObject or JsonArray ? node.GetValueKind().ToString().ToLowerInvariant() : node.ToJsonString();
        return new SchemaError(path, SchemaErrorReasons.Invalid, $"{path}: Invalid value: {shown}: {detail}");
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static bool Flag(JsonObject schema, string name) => IsTrue(schema[name]);

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static long? AsLong(this JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? (long)NumberOf(v) : null;

    private static double? AsDouble(this JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? NumberOf(v) : null;

    private static string Fmt(double d) => d.ToString(CultureInfo.InvariantCulture);
}
