using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Moves;
using Portal.Application.Features.Moves.Plans;
using Portal.Application.Features.Namespaces;
using Portal.Application.Features.Requests.Details;
using Portal.Application.Features.Requests.List;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Security;

/// <summary>A persona bound to one cluster (a storage administrator, or a platform engineer of that cluster) reads
/// every tenant's rows on it, though it belongs to no tenant: its lists and detail pages must name those rows'
/// tenants, not drop the rows or fail on them.</summary>
public class ClusterScopedPersonaTests
{
    public static IEnumerable<object[]> Personas() => Enum.GetValues<Persona>().Select(p => new object[] { p });

    private static async Task<(PortalTestHost Host, WalkWorld World)> AsClusterScopedAsync(Persona persona)
    {
        var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        var user = new PortalUser($"cluster-{persona}", $"Cluster {persona}", "cluster@example.org");
        await using (var db = await host.OpenAllAsync())
        {
            db.Users.Add(user);
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), persona, ScopeKind.Cluster, clusterId: world.ClusterId));
            await db.SaveChangesAsync();
        }
        host.Principal.Current = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []);
        return (host, world);
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task GetRequestDetails_AsClusterScopedPersona_ShowsTheRequestWithItsTenant(Persona persona)
    {
        var (host, world) = await AsClusterScopedAsync(persona);
        await using var _ = host;
        var details = await host.RunAsync<GetRequestDetails, Result<RequestDetails>>(u => u.HandleAsync(new GetRequestDetailsQuery(world.BravoPendingRequest)));
        Assert.True(details.IsSuccess, details.Error?.Message);
        Assert.Equal("Bravo Corp", details.Value!.Summary.TenantName);
        Assert.Equal("shared-1", details.Value.Summary.ClusterName);
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task ListRequests_AsClusterScopedPersona_ListsEveryRequestOnItsCluster(Persona persona)
    {
        var (host, _) = await AsClusterScopedAsync(persona);
        await using var _h = host;
        var page = await host.RunAsync<ListRequests, Result<Page<RequestSummary>>>(u => u.HandleAsync(new ListRequestsQuery(new PageRequest(0, 50))));
        Assert.True(page.IsSuccess, page.Error?.Message);
        Assert.Equal(page.Value!.TotalCount, page.Value.Items.Count);
        Assert.Equal(3, page.Value.Items.Count);
        Assert.Contains(page.Value.Items, r => r.TenantName == "Bravo Corp");
        Assert.Contains(page.Value.Items, r => r.TenantName == "Alpha Shop");
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task DatabasesAndNamespaces_AsClusterScopedPersona_NameTheirTenants(Persona persona)
    {
        var (host, world) = await AsClusterScopedAsync(persona);
        await using var _ = host;
        var database = await host.RunAsync<GetDatabaseDetails, Result<DatabaseDetails>>(u => u.HandleAsync(new GetDatabaseDetailsQuery(world.BravoDatabase)));
        Assert.True(database.IsSuccess, database.Error?.Message);
        Assert.Equal("Bravo Corp", database.Value!.Database.TenantName);
        var databases = await host.RunAsync<ListDatabases, Result<IReadOnlyList<DatabaseView>>>(u => u.HandleAsync(new ListDatabasesQuery()));
        Assert.Equal(["Alpha Shop", "Bravo Corp"], databases.Value!.Select(d => d.TenantName).Order());
        var namespaces = await host.RunAsync<ListMyNamespaces, Result<IReadOnlyList<TenantNamespaceView>>>(u => u.HandleAsync(new ListMyNamespacesQuery()));
        Assert.Equal(["alpha-ns", "bravo-ns"], namespaces.Value!.Select(n => n.Namespace).Order());
        // The plan page answers (shown or not found by the plan's own rules), never fails.
        var plan = await host.RunAsync<GetMigrationPlan, Result<MigrationPlanView>>(u => u.HandleAsync(new GetMigrationPlanQuery(world.BravoPlan)));
        Assert.True(plan.IsSuccess || plan.Error!.Kind == ErrorKind.NotFound, plan.Error?.Message);
    }

    [Fact]
    public async Task ListApprovalInbox_AsClusterScopedPlatformEngineer_ListsTheRestoreItMayDecide()
    {
        var (host, world) = await AsClusterScopedAsync(Persona.PlatformEngineer);
        await using var _ = host;
        await using (var db = await host.OpenAllAsync())
        {
            db.ApprovalPolicies.Add(new ApprovalPolicy(world.BravoTenant, RequestKind.NamespaceRestore, true, Persona.PlatformEngineer));
            await db.SaveChangesAsync();
        }
        var inbox = await host.RunAsync<ListApprovalInbox, Result<Page<RequestSummary>>>(u => u.HandleAsync(new ListApprovalInboxQuery(new PageRequest(0, 50))));
        Assert.True(inbox.IsSuccess, inbox.Error?.Message);
        Assert.Contains(inbox.Value!.Items, r => r.Id == world.BravoPendingRequest && r.TenantName == "Bravo Corp");
    }
}
