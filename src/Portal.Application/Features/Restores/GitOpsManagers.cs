using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.Application.Features.Restores;

/// <summary>
/// The GitOps objects that deploy into a namespace of a cluster, which would undo a restore there within minutes: Argo CD
/// Applications whose destination is that namespace on the same cluster, Flux Kustomizations whose
/// <c>spec.targetNamespace</c> is it, and Flux HelmReleases installing into it (<c>spec.targetNamespace</c>, else their own
/// namespace). Read live (the objects change); a type the cluster does not serve has none.
/// </summary>
public sealed class GitOpsManagers(IMigrationClusterGateway gateway)
{
    public async Task<IReadOnlyList<GitOpsReference>> OfAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        var found = new List<GitOpsReference>();
        foreach (var app in await gateway.ListAsync(cluster, ClusterApis.ArgoCd, "Application", null, null, ct))
        {
            var destination = app["spec"]?["destination"];
            var inCluster = Text(destination?["server"]) == "https://kubernetes.default.svc" || Text(destination?["name"]) == "in-cluster";
            if (inCluster && Text(destination?["namespace"]) == @namespace) found.Add(Ref(GitOpsKind.ArgoCdApplication, app));
        }
        foreach (var k in await gateway.ListAsync(cluster, ClusterApis.FluxKustomize, "Kustomization", null, null, ct))
        {
            if (Text(k["spec"]?["targetNamespace"]) == @namespace) found.Add(Ref(GitOpsKind.FluxKustomization, k));
        }
        foreach (var h in await gateway.ListAsync(cluster, ClusterApis.FluxHelm, "HelmRelease", null, null, ct))
        {
            if ((Text(h["spec"]?["targetNamespace"]) ?? Text(h["metadata"]?["namespace"])) == @namespace) found.Add(Ref(GitOpsKind.FluxHelmRelease, h));
        }
        return found;
    }

    private static GitOpsReference Ref(GitOpsKind kind, System.Text.Json.Nodes.JsonObject o) =>
        new(kind, Text(o["metadata"]?["name"]) ?? "", Text(o["metadata"]?["namespace"]) ?? "");

    private static string? Text(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
