using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Restores;
using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Moves;

/// <summary>A restore freezes the Flux HelmRelease that installs into its target like a Kustomization (spec.suspend, the
/// freeze annotations) and puts it back; what the portal sends is valid against the real HelmRelease CRD.</summary>
public class HelmReleaseFreezeTests
{
    [CrdsFact]
    public async Task FreezeAndUnfreeze_HelmReleaseInstallingIntoTheTarget_FoundSuspendedAndPutBackExactly()
    {
        await using var sim = await MigrationSimulator.StartAsync("prod-east");
        var gateway = MigrationSimulator.Gateway();
        var c = sim.Connection();
        sim.Store.Put(JsonNode.Parse("""
            {"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease","metadata":{"name":"payments","namespace":"flux-system"},
             "spec":{"interval":"5m","targetNamespace":"shop-payments","chart":{"spec":{"chart":"payments","version":"5.0.2",
                     "sourceRef":{"kind":"HelmRepository","name":"acme"}}}}}
            """)!);

        var managers = await new GitOpsManagers(gateway).OfAsync(c, "shop-payments", CancellationToken.None);
        var helm = Assert.Single(managers, m => m.Kind == GitOpsKind.FluxHelmRelease);
        Assert.Equal(new GitOpsReference(GitOpsKind.FluxHelmRelease, "payments", "flux-system"), helm);
        Assert.Empty(await new GitOpsManagers(gateway).OfAsync(c, "billing-api", CancellationToken.None));

        var read = await gateway.ReadGitOpsAsync(c, helm, CancellationToken.None);
        Assert.False(read!.FluxSuspended);
        Assert.True(await gateway.FreezeGitOpsAsync(c, helm, new GitOpsFreezeNotice("restore request 1a2b3c4d of Alice", "restoring payments", "2026-12-08T00:00:00Z"),
            CancellationToken.None));
        var frozen = sim.Store.Get(ClusterApis.FluxHelm, "HelmRelease", "flux-system", "payments")!;
        Assert.True(frozen["spec"]!["suspend"]!.GetValue<bool>());
        Assert.Equal("restore request 1a2b3c4d of Alice", frozen["metadata"]!["annotations"]![PortalLabels.FrozenBy]!.GetValue<string>());
        Assert.Empty(RealSchemas.Catalog.Validate(ClusterApis.FluxHelm, "HelmRelease", frozen, strict: true));

        Assert.True(await gateway.UnfreezeGitOpsAsync(c, new GitOpsFreeze(read.Ref, null, false), DateTimeOffset.UnixEpoch, CancellationToken.None));
        var back = sim.Store.Get(ClusterApis.FluxHelm, "HelmRelease", "flux-system", "payments")!;
        Assert.False(back["spec"]!["suspend"]!.GetValue<bool>());
        Assert.Null(back["metadata"]!["annotations"]![PortalLabels.FrozenBy]);
        Assert.NotNull(back["metadata"]!["annotations"]!["reconcile.fluxcd.io/requestedAt"]);
        Assert.Empty(RealSchemas.Catalog.Validate(ClusterApis.FluxHelm, "HelmRelease", back, strict: true));
    }
}
