using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Validation;

namespace Portal.Migrations.Tests.Support;

/// <summary>
/// The real Kubernetes OpenAPI v3 schemas in <c>shared/crds/kubernetes-openapi-v3</c> (env <c>PORTAL_CRDS_DIR</c>,
/// else the first <c>shared/crds</c> found walking up from the test binaries), checked strictly (unknown fields are
/// errors, as with kubectl's <c>fieldValidation=Strict</c>) with the simulator's validator.
/// Every kind those documents declare is covered in full: core/v1 (Pod, Service, PVC, Secret, ConfigMap,
/// ServiceAccount, Namespace, Endpoints, ...), batch/v1 (Job, CronJob), storage.k8s.io/v1. The folder has no
/// apps/v1, networking.k8s.io/v1 or rbac/v1 document, so for those kinds only the parts typed by core/v1 are
/// checked: metadata (ObjectMeta), a workload's pod template (PodTemplateSpec) and selector (LabelSelector), and
/// a StatefulSet's volumeClaimTemplates (PersistentVolumeClaim).
/// </summary>
public static class KubernetesSchemas
{
    public const string MissingMessage =
        "The real Kubernetes schemas were not found: set PORTAL_CRDS_DIR to the shared/crds folder, or keep the checkout beside shared/crds.";

    private const string ObjectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private const string LabelSelector = "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector";

    private static readonly Lazy<string?> FoundDirectory = new(Locate);
    private static readonly Lazy<Loaded> Documents = new(() => Load(Path.Combine(FoundDirectory.Value!, "kubernetes-openapi-v3")));

    public static string? Directory => FoundDirectory.Value;

    /// <summary>True when the folder has the full schema of this apiVersion/kind.</summary>
    public static bool HasFullSchema(string apiVersion, string kind) => Documents.Value.ByKind.ContainsKey((apiVersion, kind));

    /// <summary>Schema errors of <paramref name="obj"/>; empty when valid. An object of a kind with neither a full nor
    /// a partial schema is reported as an error, so no test passes by checking nothing.</summary>
    public static IReadOnlyList<string> Validate(JsonObject obj)
    {
        var docs = Documents.Value;
        var apiVersion = obj["apiVersion"]?.GetValue<string>() ?? "";
        var kind = obj["kind"]?.GetValue<string>() ?? "";
        var errors = new List<SchemaError>();
        errors.AddRange(ObjectMetaValidator.Validate(obj["metadata"], nameIsLabel: kind == "Namespace" && apiVersion == "v1"));
        errors.AddRange(Against(docs.Components[ObjectMeta], obj["metadata"]));
        if (docs.ByKind.TryGetValue((apiVersion, kind), out var full))
        {
            errors.AddRange(StructuralSchemaValidator.Validate(full.Schema, obj, reportUnknownFields: true, full.Definitions));
        }
        else if (apiVersion == "apps/v1" && kind is "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet")
        {
            errors.AddRange(Against(docs.Components[LabelSelector], obj["spec"]?["selector"]));
            errors.AddRange(Against(docs.Components["io.k8s.api.core.v1.PodTemplateSpec"], obj["spec"]?["template"]));
            foreach (var template in obj["spec"]?["volumeClaimTemplates"]?.AsArray() ?? [])
                errors.AddRange(Against(docs.Components["io.k8s.api.core.v1.PersistentVolumeClaim"], template));
        }
        else if (!(apiVersion is "networking.k8s.io/v1" or "rbac.authorization.k8s.io/v1" or "policy/v1" or "autoscaling/v2"))
        {
            errors.Add(new SchemaError("", SchemaErrorReasons.NotSupported, $"no schema known for {apiVersion}, Kind={kind}"));
        }
        return errors.Select(e => e.Message).ToList();
    }

    /// <summary>Validates a part of an object against one component. The validator treats the part as an object
    /// root and leaves its <c>metadata</c> to the server, so a template's metadata is checked here explicitly.</summary>
    private static IEnumerable<SchemaError> Against((JsonObject Schema, JsonObject Definitions) component, JsonNode? value)
    {
        if (value is null) return [];
        var errors = StructuralSchemaValidator.Validate(component.Schema, value, reportUnknownFields: true, component.Definitions).ToList();
        if (value["metadata"] is { } metadata && component.Schema["properties"]?["metadata"] is not null)
        {
            errors.AddRange(ObjectMetaValidator.Validate(metadata));
            errors.AddRange(Against(Documents.Value.Components[ObjectMeta], metadata));
        }
        return errors;
    }

    private sealed record Loaded(
        Dictionary<(string ApiVersion, string Kind), (JsonObject Schema, JsonObject Definitions)> ByKind,
        Dictionary<string, (JsonObject Schema, JsonObject Definitions)> Components);

    private static Loaded Load(string folder)
    {
        var byKind = new Dictionary<(string, string), (JsonObject, JsonObject)>();
        var components = new Dictionary<string, (JsonObject, JsonObject)>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.GetFiles(folder, "*_openapi.json").Order(StringComparer.Ordinal))
        {
            var schemas = JsonNode.Parse(File.ReadAllText(file))!["components"]!["schemas"]!.AsObject();
            Touch(schemas); // JsonNode parses lazily; build everything now, before tests read it in parallel
            foreach (var (name, node) in schemas)
            {
                if (node is not JsonObject schema) continue;
                components.TryAdd(name, (schema, schemas));
                foreach (var gvk in schema["x-kubernetes-group-version-kind"]?.AsArray().OfType<JsonObject>() ?? [])
                {
                    var group = gvk["group"]?.GetValue<string>() ?? "";
                    var version = gvk["version"]!.GetValue<string>();
                    byKind.TryAdd((group.Length == 0 ? version : $"{group}/{version}", gvk["kind"]!.GetValue<string>()), (schema, schemas));
                }
            }
        }
        return new Loaded(byKind, components);
    }

    private static void Touch(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o) Touch(child);
                break;
            case JsonArray a:
                foreach (var child in a) Touch(child);
                break;
        }
    }

    private static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PORTAL_CRDS_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnv))
            return HasSchemas(fromEnv) ? fromEnv : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "crds");
            if (HasSchemas(candidate)) return candidate;
        }
        return null;
    }

    private static bool HasSchemas(string dir) => System.IO.Directory.Exists(Path.Combine(dir, "kubernetes-openapi-v3"));
}

/// <summary>A fact skipped, with the reason, when the real schemas are not available.</summary>
public sealed class RealSchemaFactAttribute : FactAttribute
{
    public RealSchemaFactAttribute()
    {
        if (KubernetesSchemas.Directory is null) Skip = KubernetesSchemas.MissingMessage;
    }
}

/// <summary>A theory skipped, with the reason, when the real schemas are not available.</summary>
public sealed class RealSchemaTheoryAttribute : TheoryAttribute
{
    public RealSchemaTheoryAttribute()
    {
        if (KubernetesSchemas.Directory is null) Skip = KubernetesSchemas.MissingMessage;
    }
}
