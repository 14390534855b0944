using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Workloads;

namespace Portal.ClusterSimulator.GitOps;

/// <summary>Reading an Argo CD <c>Application</c> (argoproj.io/v1alpha1) the way its controller does.</summary>
internal static class ArgoApplication
{
    public const string ApiVersion = "argoproj.io/v1alpha1";

    /// <summary>Argo CD's own namespace: the only one whose Applications the controller reconciles (apps-in-any-namespace is off).</summary>
    public const string ControllerNamespace = "argocd";

    public const string InClusterServer = "https://kubernetes.default.svc";
    public const string InClusterName = "in-cluster";

    /// <summary><c>spec.syncPolicy.automated</c> is set and not <c>enabled: false</c> (null counts as enabled).</summary>
    public static bool IsAutomated(JsonObject app) =>
        app.AtPath("spec.syncPolicy.automated") is JsonObject automated
        && automated["enabled"]?.GetValueKind() != JsonValueKind.False;

    public static bool SelfHeals(JsonObject app) =>
        IsAutomated(app) && app.AtPath("spec.syncPolicy.automated.selfHeal")?.GetValueKind() == JsonValueKind.True;

    /// <summary>The destination is the cluster Argo CD runs in (server <c>https://kubernetes.default.svc</c> or name <c>in-cluster</c>).</summary>
    public static bool TargetsThisCluster(JsonObject app)
    {
        var server = app.AtPath("spec.destination.server").ScalarText();
        var name = app.AtPath("spec.destination.name").ScalarText();
        return server is not null ? server.TrimEnd('/') == InClusterServer : name == InClusterName;
    }

    public static JsonObject? Source(JsonObject app) =>
        app.AtPath("spec.source") as JsonObject ?? (app.AtPath("spec.sources") as JsonArray)?.OfType<JsonObject>().FirstOrDefault();

    /// <summary>The revision a sync deploys: the chart version for Helm repositories, else a commit SHA of the source.</summary>
    public static string Revision(JsonObject app)
    {
        var source = Source(app);
        var target = source.StringProperty("targetRevision") ?? "HEAD";
        if (source.StringProperty("chart") is not null) return target;
        return WorkloadObjects.Hex($"{source.StringProperty("repoURL")}|{source.StringProperty("path")}|{target}", 40);
    }

    public static string SourceType(JsonObject app)
    {
        var source = Source(app);
        if (source is null) return "Directory";
        if (source["chart"] is not null || source["helm"] is not null) return "Helm";
        return source["kustomize"] is not null ? "Kustomize" : "Directory";
    }

    /// <summary>
    /// The replicas Git wants for a workload, read from the last-applied configuration Argo CD's (client-side) apply
    /// leaves on it; null when the object carries none or it does not set replicas.
    /// </summary>
    public static long? DesiredReplicas(JsonObject workload)
    {
        if (workload.AtPath("metadata.annotations")?.StringProperty("kubectl.kubernetes.io/last-applied-configuration") is not { } text) return null;
        try
        {
            return JsonNode.Parse(text).AtPath("spec.replicas").Long();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
