using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Protection;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Protection;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>Cluster-level DR on a cluster's page: a platform engineer protects the cluster's own resources with a
/// cluster-resources policy (namespace policies are not offered); a protected cluster shows its policy and status.</summary>
public sealed class ClusterResourcesProtectionTests : PortalTestContext
{
    private Task<IPortalDbContext> OpenAllAsync() => Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

    private async Task<(Guid ClusterId, ProtectionPolicy ClusterDr)> AsPlatformEngineerWithPoliciesAsync()
    {
        await using var db = await OpenAllAsync();
        var pat = new PortalUser("dev:pat", "Pat Platform", "pat@example.org");
        db.Users.Add(pat);
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, pat.Id.ToString(), Persona.PlatformEngineer, ScopeKind.Estate));
        var now = DateTimeOffset.UtcNow;
        ProtectionPolicy Make(string name, ProtectionTarget target) => new(name, target, new ProtectionPolicySettings("0 * * * *", "Etc/UTC",
            TimeSpan.FromDays(7), TimeSpan.FromHours(2), VolumeProtection.None, null, [], []), "pat", now);
        var clusterDr = Make("cluster-dr", ProtectionTarget.ClusterResources);
        var retired = Make("old-cluster-dr", ProtectionTarget.ClusterResources);
        retired.Retire(now);
        db.ProtectionPolicies.AddRange(clusterDr, retired, Make("gold", ProtectionTarget.Namespace));
        await db.SaveChangesAsync();
        Principal.Current = new CurrentPrincipal(pat.Id.ToString(), pat.DisplayName, pat.Email, []);
        return (await db.Clusters.Select(c => c.Id).FirstAsync(), clusterDr);
    }

    [Fact]
    public async Task Unprotected_OffersOnlyLiveClusterResourcesPolicies_AndProtectOpensTheRequest()
    {
        var (clusterId, clusterDr) = await AsPlatformEngineerWithPoliciesAsync();
        var cut = Render<ClusterResourcesProtection>(p => p.Add(x => x.ClusterId, clusterId).Add(x => x.CanManage, true));
        cut.WaitForAssertion(() => cut.Find("[data-testid=cluster-resources-unprotected]"));

        cut.Find("[data-testid=cluster-resources-policy]");
        Assert.True(cut.Find("[data-testid=cluster-resources-protect]").HasAttribute("disabled"));
        Assert.Equal(["cluster-dr"], cut.Instance.Offered.Select(p => p.Name));

        await cut.InvokeAsync(() => cut.Instance.Chosen = clusterDr.Id);
        cut.Render();
        await cut.Find("[data-testid=cluster-resources-protect]").ClickAsync(new());

        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal((RequestKind.ProtectionChange, Guid.Empty), (request.Kind, request.TenantId));
        Assert.True(request.ParametersAs<ProtectionChangeParameters>().ClusterResources);
        Assert.Equal(RequestStatus.PendingApproval, request.Status); // another platform engineer approves it
        Assert.EndsWith($"/requests/{request.Id}", Services.GetRequiredService<BunitNavigationManager>().Uri);
    }

    [Fact]
    public async Task Protected_ShowsItsPolicyAndStatus_AndOffersNothingMore()
    {
        var (clusterId, clusterDr) = await AsPlatformEngineerWithPoliciesAsync();
        await using (var db = await OpenAllAsync())
        {
            var p = new NamespaceProtection(Guid.Empty, clusterId, "", clusterDr, "pat", DateTimeOffset.UtcNow);
            p.RecordApplied(clusterDr, Guid.NewGuid(), "hash", DateTimeOffset.UtcNow);
            db.NamespaceProtections.Add(p);
            db.NamespaceRpoStates.Add(new NamespaceRpoState(Guid.Empty, clusterId, "", DateTimeOffset.UtcNow)
            {
                LastGoodAt = DateTimeOffset.UtcNow.AddMinutes(-20), LastGoodBackup = p.ScheduleName + "-20261207120000",
                LastGoodSource = RecoveryPointSource.Scheduled,
            });
            await db.SaveChangesAsync();
        }

        var cut = Render<ClusterResourcesProtection>(p => p.Add(x => x.ClusterId, clusterId).Add(x => x.CanManage, true));
        cut.WaitForAssertion(() => Assert.Equal("Protected", cut.Find("[data-testid=protection-status]").GetAttribute("data-status")));
        Assert.Contains("cluster-dr", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=cluster-resources-protect]"));
    }
}
