using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Validation;

namespace Portal.TestSupport;

/// <summary>
/// The real schemas in <see cref="SharedCrds"/>, loaded once per test run with the simulator's own code:
/// <see cref="Kubernetes"/>, the Kubernetes 1.35 OpenAPI v3 documents (<c>kubernetes-openapi-v3</c>: core/v1, apps/v1,
/// batch/v1, networking.k8s.io/v1, policy/v1, rbac.authorization.k8s.io/v1, storage.k8s.io/v1,
/// admissionregistration.k8s.io/v1), checked strictly (unknown fields are errors, as kubectl's
/// <c>fieldValidation=Strict</c>; a kind they do not declare is an error, so no test passes by checking nothing); and
/// <see cref="Catalog"/>, every CRD of the folder over those documents, as a simulator started with the folder serves
/// them. Use it from tests marked <see cref="CrdsFactAttribute"/>.
/// </summary>
public static class RealSchemas
{
    private static readonly Lazy<KubernetesSchemaSet> KubernetesSet = new(() => KubernetesSchemaSet.Load(SharedCrds.PathTo("kubernetes-openapi-v3")));
    private static readonly Lazy<CrdCatalog> LoadedCatalog = new(() => CrdCatalog.CreateDefault(SharedCrds.PathTo()));

    public static KubernetesSchemaSet Kubernetes => KubernetesSet.Value;

    public static CrdCatalog Catalog => LoadedCatalog.Value;

    /// <summary>True when the Kubernetes documents have the full schema of this apiVersion/kind.</summary>
    public static bool HasFullSchema(string apiVersion, string kind) => Kubernetes.HasSchema(apiVersion, kind);

    /// <summary>Schema errors of <paramref name="obj"/> against the Kubernetes documents; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(JsonObject obj) => Kubernetes.Validate(obj).Select(e => e.Message).ToList();

    /// <summary>Every schema error of every document of a YAML stream, prefixed with the object it is in.</summary>
    public static IReadOnlyList<string> Errors(string yaml) =>
        YamlToJson.ParseDocuments(yaml).OfType<JsonObject>().SelectMany(o => Kubernetes.Validate(o)
            .Select(e => $"{o["kind"]} {o["metadata"]?["namespace"]}/{o["metadata"]?["name"]}: {e.Message}")).ToList();
}
