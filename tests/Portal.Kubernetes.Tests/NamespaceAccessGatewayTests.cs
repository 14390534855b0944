using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests;

/// <summary><see cref="KubernetesClusterGateway.EnsureNamespaceAccessAsync"/> against the HTTPS simulator: the portal's
/// RoleBinding is made once, kept when it is the portal's own, and never taken over or changed when it is not.</summary>
public class NamespaceAccessGatewayTests
{
    private const string Rbac = "rbac.authorization.k8s.io/v1";

    [Fact]
    public async Task Ensure_MakesTheBindingOnce_ThenFindsItPresent()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();

        var first = await gateway.EnsureNamespaceAccessAsync(sim.Connection(), "shop-frontend", CancellationToken.None);
        var second = await gateway.EnsureNamespaceAccessAsync(sim.Connection(), "shop-frontend", CancellationToken.None);

        Assert.Equal((NamespaceAccessResult.Created, NamespaceAccessResult.AlreadyPresent), (first, second));
        var binding = Assert.Single(sim.Store.List(Rbac, "RoleBinding", "shop-frontend"));
        Assert.Equal(PortalAccess.BindingName, (string?)binding["metadata"]!["name"]);
        Assert.Equal(PortalLabels.ManagedByValue, (string?)binding["metadata"]!["labels"]![PortalLabels.ManagedBy]);
        Assert.Equal(PortalAccess.NamespaceRole, (string?)binding["roleRef"]!["name"]);
    }

    [Fact]
    public async Task Ensure_OwnBindingPointingElsewhere_IsRefusedInWords_AndLeftAsItIs()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();
        await gateway.EnsureNamespaceAccessAsync(sim.Connection(), "shop-frontend", CancellationToken.None);
        var binding = sim.Store.Get(Rbac, "RoleBinding", "shop-frontend", PortalAccess.BindingName)!;
        binding["roleRef"]!["name"] = "admin";
        sim.Store.Put(binding);

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            gateway.EnsureNamespaceAccessAsync(sim.Connection(), "shop-frontend", CancellationToken.None));

        Assert.Equal(ClusterFault.Conflict, e.Fault);
        Assert.Contains("instead of ClusterRole kubernetes-portal-namespace", e.Message);
        Assert.Equal("admin", (string?)sim.Store.Get(Rbac, "RoleBinding", "shop-frontend", PortalAccess.BindingName)!["roleRef"]!["name"]);
    }

    [Fact]
    public async Task Ensure_MissingNamespace_IsNotFoundSayingSo()
    {
        await using var sim = await Simulator.StartAsync();

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().EnsureNamespaceAccessAsync(sim.Connection(), "no-such-namespace", CancellationToken.None));

        Assert.Equal(ClusterFault.NotFound, e.Fault);
        Assert.Contains("Namespace no-such-namespace does not exist", e.Message);
    }
}
