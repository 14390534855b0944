using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Restores;

/// <summary>A GitOps object that deploys into <paramref name="ManagedNamespace"/> of its own cluster, as read.</summary>
public sealed record ManagedBy(string ManagedNamespace, GitOpsReference Ref, JsonObject Object);

/// <summary>
/// The GitOps objects that deploy into a namespace of a cluster, which would undo a restore there within minutes: Argo CD
/// Applications whose destination is that namespace on the same cluster, Flux Kustomizations whose
/// <c>spec.targetNamespace</c> is it, and Flux HelmReleases installing into it (<c>spec.targetNamespace</c>, else their own
/// namespace). Read live (the objects change); a type the cluster does not serve has none.
/// </summary>
public sealed class GitOpsManagers(IMigrationClusterGateway gateway)
{
    public async Task<IReadOnlyList<GitOpsReference>> OfAsync(ClusterConnection cluster, string @namespace, CancellationToken ct) =>
        (await AllAsync(cluster, ct)).Where(m => m.ManagedNamespace == @namespace).Select(m => m.Ref).ToList();

    /// <summary>Every GitOps object of the cluster that deploys into one of its namespaces, with the namespace.</summary>
    public async Task<IReadOnlyList<ManagedBy>> AllAsync(ClusterConnection cluster, CancellationToken ct)
    {
        var found = new List<ManagedBy>();
        foreach (var app in await gateway.ListAsync(cluster, ClusterApis.ArgoCd, "Application", null, null, ct))
        {
            var destination = app["spec"]?["destination"];
            var inCluster = Text(destination?["server"]) == "https://kubernetes.default.svc" || Text(destination?["name"]) == "in-cluster";
            if (inCluster && Text(destination?["namespace"]) is { } ns) found.Add(Of(ns, GitOpsKind.ArgoCdApplication, app));
        }
        foreach (var k in await gateway.ListAsync(cluster, ClusterApis.FluxKustomize, "Kustomization", null, null, ct))
        {
            if (Text(k["spec"]?["targetNamespace"]) is { } ns) found.Add(Of(ns, GitOpsKind.FluxKustomization, k));
        }
        foreach (var h in await gateway.ListAsync(cluster, ClusterApis.FluxHelm, "HelmRelease", null, null, ct))
        {
            if ((Text(h["spec"]?["targetNamespace"]) ?? Text(h["metadata"]?["namespace"])) is { } ns) found.Add(Of(ns, GitOpsKind.FluxHelmRelease, h));
        }
        return found;
    }

    private static ManagedBy Of(string ns, GitOpsKind kind, JsonObject o) =>
        new(ns, new GitOpsReference(kind, Text(o["metadata"]?["name"]) ?? "", Text(o["metadata"]?["namespace"]) ?? ""), o);

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
