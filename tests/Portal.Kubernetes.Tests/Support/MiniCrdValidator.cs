using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Portal.Kubernetes.Tests.Support;

/// <summary>
/// A small, independent check of an object against a CRD's openAPIV3Schema: every field must be declared at its path
/// (or allowed by additionalProperties / x-kubernetes-preserve-unknown-fields), types and enums must match, required
/// fields must be present. Written in the test project so the builders are checked by something other than the
/// simulator that also consumes them.
/// </summary>
public static class MiniCrdValidator
{
    public static IReadOnlyList<string> Validate(string crdPath, JsonObject obj)
    {
        var crd = LoadYaml(File.ReadAllText(crdPath));
        var version = obj["apiVersion"]!.GetValue<string>().Split('/')[1];
        var versionNode = crd["spec"]!["versions"]!.AsArray().First(v => v!["name"]!.GetValue<string>() == version)!;
        var schema = versionNode["schema"]!["openAPIV3Schema"]!.AsObject();
        var errors = new List<string>();
        if (obj["kind"]?.GetValue<string>() != crd["spec"]!["names"]!["kind"]!.GetValue<string>())
        {
            errors.Add("kind does not match the CRD");
        }

        foreach (var (name, value) in obj)
        {
            if (name == "metadata")
            {
                CheckMetadata(value, errors);
                continue;
            }

            if (schema["properties"]?[name] is JsonObject property)
            {
                Check(property, value, name, errors);
            }
            else
            {
                errors.Add($"{name}: unknown field");
            }
        }

        return errors;
    }

    private static void CheckMetadata(JsonNode? metadata, List<string> errors)
    {
        if (metadata is not JsonObject m)
        {
            errors.Add("metadata: must be an object");
            return;
        }

        foreach (var (key, value) in m)
        {
            switch (key)
            {
                case "name" or "namespace" or "generateName":
                    if (value is not JsonValue v || !v.TryGetValue<string>(out _)) errors.Add($"metadata.{key}: must be a string");
                    break;
                case "labels" or "annotations":
                    if (value is not JsonObject map || map.Any(p => p.Value is not JsonValue lv || !lv.TryGetValue<string>(out _)))
                        errors.Add($"metadata.{key}: must map strings to strings");
                    break;
                default:
                    errors.Add($"metadata.{key}: not expected on a new object");
                    break;
            }
        }
    }

    private static void Check(JsonObject schema, JsonNode? value, string path, List<string> errors)
    {
        if (value is null)
        {
            if (!IsTrue(schema["nullable"])) errors.Add($"{path}: null is not allowed");
            return;
        }

        var type = schema["type"]?.GetValue<string>();
        switch (type)
        {
            case "object":
                if (value is not JsonObject o)
                {
                    errors.Add($"{path}: expected object");
                    return;
                }

                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var (name, child) in o)
                {
                    if (properties?[name] is JsonObject p) Check(p, child, $"{path}.{name}", errors);
                    else if (additional is not null) Check(additional, child, $"{path}.{name}", errors);
                    else if (!IsTrue(schema["x-kubernetes-preserve-unknown-fields"])) errors.Add($"{path}.{name}: unknown field");
                }

                if (schema["required"] is JsonArray required)
                {
                    foreach (var r in required.Select(n => n!.GetValue<string>()).Where(r => !o.ContainsKey(r)))
                        errors.Add($"{path}.{r}: required");
                }

                break;
            case "array":
                if (value is not JsonArray a)
                {
                    errors.Add($"{path}: expected array");
                    return;
                }

                var i = 0;
                foreach (var item in a)
                {
                    if (schema["items"] is JsonObject itemSchema) Check(itemSchema, item, $"{path}[{i}]", errors);
                    i++;
                }

                break;
            case "string":
                if (value is not JsonValue sv || !sv.TryGetValue<string>(out var s))
                {
                    errors.Add($"{path}: expected string");
                    return;
                }

                if (schema["enum"] is JsonArray e && e.All(x => x!.GetValue<string>() != s)) errors.Add($"{path}: '{s}' not in enum");
                if (schema["maxLength"] is JsonValue ml && s.Length > int.Parse(ml.GetValue<string>())) errors.Add($"{path}: too long");
                if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(s, pattern.GetValue<string>())) errors.Add($"{path}: does not match {pattern}");
                break;
            case "boolean":
                if (value is not JsonValue bv || !bv.TryGetValue<bool>(out _)) errors.Add($"{path}: expected boolean");
                break;
            case "integer":
                if (value is not JsonValue iv || !iv.TryGetValue<long>(out _)) errors.Add($"{path}: expected integer");
                break;
            case null when IsTrue(schema["x-kubernetes-int-or-string"]) || IsTrue(schema["x-kubernetes-preserve-unknown-fields"]):
                break;
            default:
                errors.Add($"{path}: schema type '{type}' not handled by the test validator");
                break;
        }
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValue<string>() == "true";

    /// <summary>YAML to JSON with every scalar as a string (enough for reading a schema).</summary>
    public static JsonObject LoadYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (JsonObject)Convert(stream.Documents[0].RootNode)!;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };
}
