using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.ClusterSimulator.Validation;

/// <summary>
/// The ObjectMeta rules kube-apiserver enforces on every object whatever its schema: name / generateName /
/// namespace format, label keys and values, annotation keys and total size. A label value such as an e-mail
/// address is a classic client bug that only a real server would otherwise catch.
/// </summary>
public static partial class ObjectMetaValidator
{
    private const int MaxAnnotationBytes = 256 * 1024;

    /// <param name="nameIsLabel">True for kinds whose names must be DNS labels (Namespace), else DNS subdomains.</param>
    public static IReadOnlyList<SchemaError> Validate(JsonNode? metadata, bool nameIsLabel = false)
    {
        var errors = new List<SchemaError>();
        if (metadata is null) return errors;
        if (metadata is not JsonObject meta)
        {
            errors.Add(new SchemaError("metadata", SchemaErrorReasons.TypeInvalid, "metadata: Invalid value: metadata must be an object"));
            return errors;
        }
        if (Text(meta, "name") is { } name) CheckName("metadata.name", name, nameIsLabel, errors);
        if (Text(meta, "generateName") is { Length: > 0 } prefix)
        {
            // the server appends five characters, so the prefix itself may end with '-'
            CheckName("metadata.generateName", prefix.TrimEnd('-') + "x", nameIsLabel, errors, shown: prefix);
        }
        if (Text(meta, "namespace") is { Length: > 0 } ns && !(ns.Length <= 63 && DnsLabel().IsMatch(ns)))
        {
            errors.Add(Invalid("metadata.namespace", ns, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"));
        }
        if (meta["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                CheckQualifiedName($"metadata.labels", key, errors);
                var v = value is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;
                if (v is null)
                {
                    errors.Add(new SchemaError($"metadata.labels", SchemaErrorReasons.TypeInvalid, $"metadata.labels: Invalid value: label {key} must be a string"));
                }
                else if (v.Length > 63 || (v.Length > 0 && !LabelValue().IsMatch(v)))
                {
                    errors.Add(Invalid("metadata.labels", v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
                }
            }
        }
        if (meta["annotations"] is JsonObject annotations)
        {
            var total = 0;
            foreach (var (key, value) in annotations)
            {
                CheckQualifiedName("metadata.annotations", key, errors);
                total += key.Length + (value is JsonValue jv && jv.TryGetValue<string>(out var s) ? s.Length : 0);
            }
            if (total > MaxAnnotationBytes)
                errors.Add(new SchemaError("metadata.annotations", SchemaErrorReasons.TooLong, $"metadata.annotations: Too long: must have at most {MaxAnnotationBytes} bytes"));
        }
        return errors;
    }

    private static void CheckName(string field, string name, bool label, List<SchemaError> errors, string? shown = null)
    {
        var ok = label ? name.Length <= 63 && DnsLabel().IsMatch(name) : name.Length <= 253 && DnsSubdomain().IsMatch(name);
        if (!ok)
        {
            errors.Add(Invalid(field, shown ?? name, label
                ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
                : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"));
        }
    }

    private static void CheckQualifiedName(string field, string key, List<SchemaError> errors)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash >= 0 ? key[..slash] : null;
        var name = slash >= 0 ? key[(slash + 1)..] : key;
        var ok = name.Length is > 0 and <= 63 && QualifiedNamePart().IsMatch(name)
            && (prefix is null || (prefix.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(prefix)));
        if (!ok)
        {
            errors.Add(Invalid(field, key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character; an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"));
        }
    }

    private static SchemaError Invalid(string field, string value, string detail) =>
        new(field, SchemaErrorReasons.Invalid, $"{field}: Invalid value: \"{value}\": {detail}");

    private static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex(@"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex(@"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
