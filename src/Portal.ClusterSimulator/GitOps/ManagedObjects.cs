using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.GitOps;

/// <summary>One object a GitOps tool manages.</summary>
internal sealed record ManagedObject(ResourceDefinition Definition, JsonObject Object)
{
    public string Name => JsonHelpers.NameOf(Object)!;

    public string? Namespace => JsonHelpers.NamespaceOf(Object);
}

/// <summary>
/// Finds the objects an Argo CD Application or a Flux Kustomization manages, by the marks those tools leave on them
/// (Argo CD: annotation <c>argocd.argoproj.io/tracking-id</c> or label <c>app.kubernetes.io/instance</c>; Flux: labels
/// <c>kustomize.toolkit.fluxcd.io/name</c> and <c>/namespace</c>). Only the kinds apps are made of are looked at.
/// </summary>
internal static class ManagedObjects
{
    public const string ArgoTrackingAnnotation = "argocd.argoproj.io/tracking-id";
    public const string InstanceLabel = "app.kubernetes.io/instance";
    public const string FluxNameLabel = "kustomize.toolkit.fluxcd.io/name";
    public const string FluxNamespaceLabel = "kustomize.toolkit.fluxcd.io/namespace";

    private static readonly (string ApiVersion, string Kind)[] Kinds =
    [
        ("v1", "ServiceAccount"), ("v1", "ConfigMap"), ("v1", "Secret"), ("v1", "PersistentVolumeClaim"), ("v1", "Service"),
        ("apps/v1", "Deployment"), ("apps/v1", "StatefulSet"), ("networking.k8s.io/v1", "Ingress"),
    ];

    /// <summary>Every object of the app kinds in <paramref name="ns"/> (null = all namespaces).</summary>
    public static IEnumerable<ManagedObject> All(SimulatorContext sim, string? ns)
    {
        foreach (var (apiVersion, kind) in Kinds)
        {
            if (sim.Definition(apiVersion, kind) is not { } def) continue;
            foreach (var o in sim.Store.List(def, ns).Items) yield return new ManagedObject(def, o);
        }
    }

    /// <summary>Whether the object carries Argo CD's tracking for <paramref name="app"/>.</summary>
    public static bool TrackedByArgo(JsonObject obj, string app) =>
        obj.AtPath("metadata.annotations")?.StringProperty(ArgoTrackingAnnotation) is { } id
            ? id.StartsWith(app + ":", StringComparison.Ordinal)
            : obj.AtPath("metadata.labels")?.StringProperty(InstanceLabel) == app;

    /// <summary>Argo CD's tracking id of an object: <c>&lt;app&gt;:&lt;group&gt;/&lt;kind&gt;:&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
    public static string ArgoTrackingId(string app, string group, string kind, string ns, string name) => $"{app}:{group}/{kind}:{ns}/{name}";

    public static bool AppliedByFlux(JsonObject obj, string kustomization, string kustomizationNamespace)
    {
        var labels = obj.AtPath("metadata.labels");
        return labels.StringProperty(FluxNameLabel) == kustomization && labels.StringProperty(FluxNamespaceLabel) == kustomizationNamespace;
    }

    /// <summary>The container images of a workload's pod template.</summary>
    public static IEnumerable<string> Images(JsonObject obj) =>
        obj.AtPath("spec.template.spec.containers") is JsonArray containers
            ? containers.OfType<JsonObject>().Select(c => c.StringProperty("image")).OfType<string>()
            : [];
}
