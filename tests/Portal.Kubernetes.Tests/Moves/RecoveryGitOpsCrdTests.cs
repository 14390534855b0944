using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Moves.Recovery;
using Portal.Application.Features.Restores;
using Portal.Domain.Moves;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Moves;

/// <summary>What a recovery writes from the portal's record of a lost cluster's GitOps objects is valid for the real
/// Argo CD and Flux CRDs: recorded on prod-east (as the follower records them), re-created on dr-west through the
/// migration's writes, with the Argo CD destination re-pointed to dr-west itself.</summary>
public class RecoveryGitOpsCrdTests
{
    private static readonly KeyValuePair<string, string> Owner = new("kubernetes-portal.io/migration-application", Guid.NewGuid().ToString());

    [CrdsFact]
    public async Task RecordedOnTheLostCluster_ReCreatedOnTheReplacement_ValidForTheRealCrds_RePointed()
    {
        await using var east = await MigrationSimulator.StartAsync("prod-east");
        await using var west = await MigrationSimulator.StartAsync("dr-west");
        var gateway = MigrationSimulator.Gateway();

        // Recorded as the follower records them: the object stripped to apiVersion, kind, name, namespace and spec; Flux's source too.
        var seen = await new GitOpsManagers(gateway).AllAsync(east.Connection(), CancellationToken.None);
        var argo = seen.Single(m => m.Ref.Kind == GitOpsKind.ArgoCdApplication && m.ManagedNamespace == "storefront");
        var flux = seen.Single(m => m.Ref.Kind == GitOpsKind.FluxKustomization && m.ManagedNamespace == "inventory");
        var recordedArgo = JsonNode.Parse(GitOpsRecords.Strip(argo.Object).ToJsonString())!.AsObject();
        var recordedFlux = JsonNode.Parse(GitOpsRecords.Strip(flux.Object).ToJsonString())!.AsObject();
        Assert.Null(recordedArgo["status"]);
        var fluxObject = GitOpsObject.From(recordedFlux, GitOpsKind.FluxKustomization);
        var source = await gateway.ReadFluxSourceAsync(east.Connection(), fluxObject.FluxSource!, CancellationToken.None);
        Assert.NotNull(source);

        west.Store.Delete("source.toolkit.fluxcd.io/v1", "GitRepository", "flux-system", "fleet");
        var argoObject = GitOpsObject.From(recordedArgo, GitOpsKind.ArgoCdApplication);
        var results = new List<AppliedObject>
        {
            await gateway.CreateArgoApplicationAsync(west.Connection(), argoObject, "storefront", argoObject.ArgoAutomatedJson, Owner, CancellationToken.None),
            await gateway.CreateFluxSourceAsync(west.Connection(), new FluxSource(fluxObject.FluxSource!, source!.Spec, source.SecretName), Owner, CancellationToken.None),
            await gateway.CreateKustomizationAsync(west.Connection(), fluxObject, "inventory", "inventory", Owner, CancellationToken.None),
        };
        Assert.All(results, r => Assert.Equal(ApplyResult.Created, r.Result));

        var app = west.Store.Get("argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        var kustomization = west.Store.Get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory")!;
        var repo = west.Store.Get("source.toolkit.fluxcd.io/v1", "GitRepository", "flux-system", "fleet")!;
        Assert.Empty(RealSchemas.Catalog.Validate("argoproj.io/v1alpha1", "Application", app, strict: true));
        Assert.Empty(RealSchemas.Catalog.Validate("kustomize.toolkit.fluxcd.io/v1", "Kustomization", kustomization, strict: true));
        Assert.Empty(RealSchemas.Catalog.Validate("source.toolkit.fluxcd.io/v1", "GitRepository", repo, strict: true));
        Assert.Equal("https://kubernetes.default.svc", app["spec"]?["destination"]?["server"]?.GetValue<string>());
        Assert.Equal("storefront", app["spec"]?["destination"]?["namespace"]?.GetValue<string>());
        Assert.Equal(argo.Object["spec"]?["source"]?.ToJsonString(), app["spec"]?["source"]?.ToJsonString());
        Assert.Equal("inventory", kustomization["spec"]?["targetNamespace"]?.GetValue<string>());
        Assert.Equal("https://git.example.com/platform/fleet.git", repo["spec"]?["url"]?.GetValue<string>());
    }
}
