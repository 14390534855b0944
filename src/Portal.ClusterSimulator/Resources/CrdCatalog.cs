using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Validation;

namespace Portal.ClusterSimulator.Resources;

/// <summary>
/// The set of resource definitions a cluster serves, and a schema validator over them. The simulator uses one
/// (built-ins + embedded Velero/CSI CRDs + any CRD folder); the portal's tests can use
/// <see cref="LoadFromDirectory"/> over the real CRDs to check every object they send.
/// A later definition for the same group/version/kind replaces an earlier one. Thread-safe.
/// </summary>
public sealed class CrdCatalog
{
    /// <summary>Files larger than this are skipped (argo's applicationset CRD is 1.4 MB and of no use here).</summary>
    public const long MaxCrdFileBytes = 1024 * 1024;

    private readonly object _gate = new();
    private List<ResourceDefinition> _definitions = [];

    public IReadOnlyList<ResourceDefinition> Definitions
    {
        get { lock (_gate) return _definitions; }
    }

    /// <summary>An empty catalog.</summary>
    public static CrdCatalog Empty() => new();

    /// <summary>Core Kubernetes types plus the simulator's own Velero and CSI snapshot CRDs.</summary>
    public static CrdCatalog CreateDefault()
    {
        var catalog = new CrdCatalog();
        foreach (var d in CoreResources.All()) catalog.AddOrReplace(d);
        foreach (var d in EmbeddedCrds.Load()) catalog.AddOrReplace(d);
        return catalog;
    }

    /// <summary>
    /// Exactly what a simulator started with <c>CrdDirectory = directory</c> serves: core types, the embedded
    /// Velero/CSI CRDs, then every CRD under <paramref name="directory"/> replacing them.
    /// </summary>
    public static CrdCatalog CreateDefault(string directory)
    {
        var catalog = CreateDefault();
        catalog.LoadDirectory(directory);
        return catalog;
    }

    /// <summary>Only the CRDs found (recursively) under <paramref name="directory"/>.</summary>
    public static CrdCatalog LoadFromDirectory(string directory)
    {
        var catalog = new CrdCatalog();
        catalog.LoadDirectory(directory);
        return catalog;
    }

    /// <summary>
    /// Adds every apiextensions.k8s.io/v1 CRD (served versions only) found in *.yaml/*.yml under the folder, and the
    /// real schemas of the built-in kinds in <see cref="CoreResources.KindsWithOpenApiSchema"/> from Kubernetes OpenAPI v3 documents
    /// (<c>*_openapi.json</c>, e.g. <c>kubernetes-openapi-v3/apis__batch__v1_openapi.json</c>).
    /// Files that are not CRDs, v1beta1 CRDs, unparsable or oversized files are skipped. Returns the definitions added.
    /// </summary>
    public IReadOnlyList<ResourceDefinition> LoadDirectory(string directory)
    {
        var added = new List<ResourceDefinition>();
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (new FileInfo(file).Length > MaxCrdFileBytes) continue;
            added.AddRange(LoadYaml(File.ReadAllText(file), file));
        }
        // Kubernetes' own OpenAPI v3 documents (kubernetes-openapi-v3/apis__batch__v1_openapi.json, ...): real schemas
        // for the built-in kinds the simulator serves. Exempt from the size limit (api/v1 is 2 MB).
        var openApiFiles = Directory.EnumerateFiles(directory, "*" + KubernetesOpenApiReader.FileSuffix, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal);
        foreach (var file in openApiFiles)
        {
            foreach (var d in KubernetesOpenApiReader.Read(file))
            {
                AddOrReplace(d);
                added.Add(d);
            }
        }
        return added;
    }

    /// <summary>Adds the CRDs found in a YAML text (possibly several documents).</summary>
    public IReadOnlyList<ResourceDefinition> LoadYaml(string yaml, string source = "yaml")
    {
        IReadOnlyList<JsonNode?> docs;
        try
        {
            docs = YamlToJson.ParseDocuments(yaml);
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return [];
        }
        var added = docs.SelectMany(d => CrdDocumentReader.Read(d, source)).ToList();
        foreach (var d in added) AddOrReplace(d);
        return added;
    }

    public void AddOrReplace(ResourceDefinition definition)
    {
        lock (_gate)
        {
            var next = _definitions.Where(d => !(d.Group == definition.Group && d.Version == definition.Version && d.Kind == definition.Kind)).ToList();
            next.Add(definition);
            _definitions = next;
        }
    }

    /// <summary>Stops serving every definition <paramref name="match"/> selects; returns how many were removed.</summary>
    internal int RemoveWhere(Func<ResourceDefinition, bool> match)
    {
        lock (_gate)
        {
            var next = _definitions.Where(d => !match(d)).ToList();
            var removed = _definitions.Count - next.Count;
            _definitions = next;
            return removed;
        }
    }

    /// <summary>The definition serving <paramref name="kind"/> at <paramref name="apiVersion"/> ("v1", "velero.io/v1").</summary>
    public ResourceDefinition? Find(string apiVersion, string kind)
    {
        var (group, version) = SplitApiVersion(apiVersion);
        return Definitions.FirstOrDefault(d => d.Group == group && d.Version == version && d.Kind == kind);
    }

    public ResourceDefinition? FindByPlural(string group, string version, string plural) =>
        Definitions.FirstOrDefault(d => d.Group == group && d.Version == version && d.Plural == plural);

    /// <summary>
    /// Validates <paramref name="obj"/> against the schema for its apiVersion/kind, plus the ObjectMeta rules every
    /// object obeys (name format, label keys/values, annotations). With <paramref name="strict"/>
    /// unknown fields are errors (<c>fieldValidation=Strict</c>, what kubectl sends); without, they would be pruned
    /// silently by a real server and are not reported. Returns human-readable messages; empty means valid.
    /// </summary>
    public IReadOnlyList<string> Validate(string apiVersion, string kind, JsonNode obj, bool strict) =>
        ValidateDetailed(apiVersion, kind, obj, strict).Select(e => e.Message).ToList();

    /// <summary>Like <see cref="Validate"/> with structured errors. An unknown apiVersion/kind is reported as one error.</summary>
    public IReadOnlyList<SchemaError> ValidateDetailed(string apiVersion, string kind, JsonNode obj, bool strict)
    {
        var def = Find(apiVersion, kind);
        if (def is null)
        {
            return [new SchemaError("", SchemaErrorReasons.NotSupported, $"no schema known for {apiVersion}, Kind={kind}")];
        }
        var errors = new List<SchemaError>();
        if (obj.StringProperty("apiVersion") is { } objApiVersion && objApiVersion != apiVersion)
            errors.Add(new SchemaError("apiVersion", SchemaErrorReasons.Invalid, $"apiVersion: Invalid value: \"{objApiVersion}\": expected \"{apiVersion}\""));
        if (obj.StringProperty("kind") is { } objKind && objKind != kind)
            errors.Add(new SchemaError("kind", SchemaErrorReasons.Invalid, $"kind: Invalid value: \"{objKind}\": expected \"{kind}\""));
        var nameIsLabel = def.Kind == "Namespace" && def.Group.Length == 0;
        if (def.Schema is not null && def.SchemaDefinitions is not null)
        {
            // a built-in kind with its real schema: checked exactly as KubernetesSchemaSet checks it (metadata included)
            errors.AddRange(KubernetesSchemaSet.ValidateObject(def.Schema, def.SchemaDefinitions, obj, strict, nameIsLabel));
            return errors;
        }
        errors.AddRange(ObjectMetaValidator.Validate(obj["metadata"], nameIsLabel));
        if (def.Schema is not null) errors.AddRange(StructuralSchemaValidator.Validate(def.Schema, obj, strict, def.SchemaDefinitions));
        return errors;
    }

    internal static (string Group, string Version) SplitApiVersion(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }
}
