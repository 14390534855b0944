using Portal.Application.Common;
using Portal.Application.Features.Protection.Compliance;
using Portal.Application.Security;
using Portal.Domain.Protection;

namespace Portal.UnitTests.Application.Protection;

public class ComplianceUseCaseTests
{
    private static Task<Result<ComplianceOverview>> OverviewAsync(ComplianceWorld w, CurrentPrincipal who, GetComplianceOverviewQuery? q = null) =>
        w.RunAsync<GetComplianceOverview, Result<ComplianceOverview>>(who, u => u.HandleAsync(q ?? new GetComplianceOverviewQuery(new PageRequest(0, 50))));

    private static List<string> Names(ComplianceOverview o) => o.Rows.Items.Select(r => r.Namespace).ToList();

    [Fact]
    public async Task Overview_SreOfWebshop_SeesOnlyWebshopNamespaces()
    {
        await using var w = await ComplianceWorld.StartAsync();

        var o = (await OverviewAsync(w, w.Sam)).ValueOrThrow();

        Assert.Equal(["shop-old", "shop-new", "shop-db", "shop-web"], Names(o));
        Assert.Equal(new ComplianceCounts(4, 2, 1, 1, 2), o.Counts);
        Assert.Equal(["Webshop"], o.Tenants.Select(t => t.Name));
        Assert.Equal(["east", "west"], o.Clusters.Select(c => c.Name));
        Assert.Equal(["bronze", "gold"], o.Policies.Select(p => p.Name));
    }

    [Fact]
    public async Task Overview_OwnerOfBilling_AskingForWebshop_GetsNothingOfWebshop()
    {
        await using var w = await ComplianceWorld.StartAsync();

        var o = (await OverviewAsync(w, w.Bob, new GetComplianceOverviewQuery(new PageRequest(), TenantId: w.Webshop))).ValueOrThrow();

        Assert.Empty(o.Rows.Items);
        Assert.Equal(0, o.Counts.Total);
        Assert.DoesNotContain(o.Tenants, t => t.Name == "Webshop");
    }

    [Fact]
    public async Task Overview_PlatformEngineer_SeesEveryTenantAndTheClustersOwnResources()
    {
        await using var w = await ComplianceWorld.StartAsync();

        var o = (await OverviewAsync(w, w.Priya)).ValueOrThrow();

        // At risk first, then Unprotected, then Protected; by cluster, then namespace (cluster resources have no name).
        Assert.Equal(["shop-old", "bill-north", "bill-batch", "shop-new", "", "bill-api", "shop-db", "shop-web"], Names(o));
        Assert.Equal(new ComplianceCounts(8, 4, 1, 3, 2), o.Counts);
        var cluster = o.Rows.Items.Single(r => r.IsClusterResources);
        Assert.Equal(("east", null), (cluster.ClusterName, cluster.TenantName));
    }

    [Fact]
    public async Task Overview_StorageAdministratorOfEast_SeesEastNamespacesButNotItsResources()
    {
        await using var w = await ComplianceWorld.StartAsync();

        var o = (await OverviewAsync(w, w.Carl)).ValueOrThrow();

        Assert.Equal(["bill-api", "shop-db", "shop-web"], Names(o));
    }

    [Fact]
    public async Task Overview_Filters_ByClusterTenantPolicyAndStatus()
    {
        await using var w = await ComplianceWorld.StartAsync();
        async Task<List<string>> With(GetComplianceOverviewQuery q) => Names((await OverviewAsync(w, w.Priya, q)).ValueOrThrow());
        var page = new PageRequest(0, 50);

        Assert.Equal(["shop-old", "bill-batch", "shop-new"], await With(new(page, ClusterId: w.West)));
        Assert.Equal(["bill-north", "bill-batch", "bill-api"], await With(new(page, TenantId: w.Billing)));
        Assert.Equal(["bill-api", "shop-db"], await With(new(page, PolicyId: w.Bronze)));
        Assert.Equal(["bill-north", "bill-batch", "shop-new"], await With(new(page, Status: ComplianceStatusFilter.Unprotected)));
        Assert.Equal(["shop-new", "shop-db"], await With(new(page, Status: ComplianceStatusFilter.BelowMinimum)));
        Assert.Equal(["shop-old", "bill-north", "bill-batch", "shop-new", "shop-db"], await With(new(page, Status: ComplianceStatusFilter.NeedsAttention)));
        // Counts stay those of the namespaces the other filters leave, whatever the status filter lists.
        var west = (await OverviewAsync(w, w.Priya, new(page, ClusterId: w.West, Status: ComplianceStatusFilter.AtRisk))).ValueOrThrow();
        Assert.Equal((3, 1), (west.Counts.Total, west.Rows.TotalCount));
    }

    [Fact]
    public async Task Overview_Pages_AreStableAndDisjoint()
    {
        await using var w = await ComplianceWorld.StartAsync();

        var pages = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var o = (await OverviewAsync(w, w.Priya, new(new PageRequest(i, 3)))).ValueOrThrow();
            Assert.Equal(8, o.Rows.TotalCount);
            pages.AddRange(Names(o));
        }

        Assert.Equal(["shop-old", "bill-north", "bill-batch", "shop-new", "", "bill-api", "shop-db", "shop-web"], pages);
    }

    [Fact]
    public async Task Overview_ReasonsInWords_AgeAgainstTargetAndMinimum()
    {
        await using var w = await ComplianceWorld.StartAsync();

        var rows = (await OverviewAsync(w, w.Sam)).ValueOrThrow().Rows.Items.ToDictionary(r => r.Namespace);

        Assert.Contains("more than the target RPO of 2 hours", rows["shop-old"].Reason);
        Assert.Equal((TimeSpan.FromHours(5), TimeSpan.FromHours(2)), (rows["shop-old"].Age, rows["shop-old"].TargetRpo));
        Assert.Equal("No protection policy and no backup.", rows["shop-new"].Reason);
        Assert.Equal("Not protected; the tenant requires gold or better.", rows["shop-new"].BelowMinimum);
        Assert.StartsWith("bronze is below gold: its RPO is", rows["shop-db"].BelowMinimum);
        Assert.Equal(ProtectionStatus.Protected, rows["shop-db"].Status);
        Assert.Null(rows["shop-web"].BelowMinimum);
    }

    [Fact]
    public async Task Overview_LocationUnavailable_TurnsItsNamespacesAtRiskSayingSince()
    {
        await using var w = await ComplianceWorld.StartAsync();
        await using (var db = await w.OpenAllAsync())
        {
            var bsl = db.ObservedLocations.Single(l => l.ClusterId == w.East && l.Name == "default");
            bsl.RecordPhase("Unavailable", new DateTimeOffset(2026, 12, 7, 10, 42, 0, TimeSpan.Zero));
            bsl.Message = "bucket not found";
            await db.SaveChangesAsync();
        }

        var rows = (await OverviewAsync(w, w.Sam)).ValueOrThrow().Rows.Items.ToDictionary(r => r.Namespace);

        Assert.Equal(ProtectionStatus.AtRisk, rows["shop-web"].Status);
        Assert.Contains("Backup location default Unavailable since 2026-12-07 10:42 UTC: bucket not found", rows["shop-web"].Reason);
        Assert.Contains(rows["shop-web"].FixedBy, f => f.Who == "Platform engineers" && f.What.Contains("backup location default"));
    }

    [Fact]
    public async Task Overview_TheClockMovesPastTheRpo_TurnsProtectedAtRiskWithNoWrite()
    {
        await using var w = await ComplianceWorld.StartAsync();
        Assert.Equal(ProtectionStatus.Protected, (await OverviewAsync(w, w.Sam)).ValueOrThrow().Rows.Items.Single(r => r.Namespace == "shop-web").Status);

        w.Clock.Advance(TimeSpan.FromHours(1.5));

        var row = (await OverviewAsync(w, w.Sam)).ValueOrThrow().Rows.Items.Single(r => r.Namespace == "shop-web");
        Assert.Equal(ProtectionStatus.AtRisk, row.Status);
        Assert.Contains("more than the target RPO of 2 hours", row.Reason);
    }

    [Fact]
    public async Task Overview_WhoCanFix_NamesTheTenantsPeopleForTheirColleagues_PersonaOtherwise()
    {
        await using var w = await ComplianceWorld.StartAsync();

        var asSam = (await OverviewAsync(w, w.Sam)).ValueOrThrow().Rows.Items.Single(r => r.Namespace == "shop-new");
        var tenant = asSam.FixedBy[0];
        Assert.Equal(("SREs and application owners of Webshop", "protect it with a policy that meets the tenant's minimum"), (tenant.Who, tenant.What));
        Assert.Equal(["Alice Owner", "Sam Reliability"], tenant.Names);
        var platform = asSam.FixedBy.Single(f => f.Who == "Platform engineers");
        Assert.Empty(platform.Names); // Sam may not see who holds estate personas

        var asCarl = (await OverviewAsync(w, w.Carl)).ValueOrThrow().Rows.Items.Single(r => r.Namespace == "shop-db");
        Assert.Empty(asCarl.FixedBy[0].Names); // a cluster's storage administrator does not see the tenant's people

        var asPriya = (await OverviewAsync(w, w.Priya)).ValueOrThrow().Rows.Items.Single(r => r.Namespace == "shop-new");
        Assert.Equal(["Priya Platform"], asPriya.FixedBy.Single(f => f.Who == "Platform engineers").Names);
        Assert.Empty((await OverviewAsync(w, w.Priya)).ValueOrThrow().Rows.Items.Single(r => r.Namespace == "shop-web").FixedBy);
    }

    [Fact]
    public async Task Overview_Links_LeadToWhereItIsFixed()
    {
        await using var w = await ComplianceWorld.StartAsync();

        var row = (await OverviewAsync(w, w.Sam)).ValueOrThrow().Rows.Items.Single(r => r.Namespace == "shop-old");

        Assert.Equal(new ComplianceLinks($"/namespaces/{w.ShopOld}", $"/protection/policies/{w.Gold}", $"/clusters/{w.West}",
            $"/requests/{w.ShopOldRequest}"), row.Links);
    }

    [Fact]
    public async Task History_SumsTheLast30DaysOverWhatTheCallerMaySee()
    {
        await using var w = await ComplianceWorld.StartAsync();
        Task<Result<IReadOnlyList<ComplianceDayView>>> As(CurrentPrincipal who) =>
            w.RunAsync<GetComplianceHistory, Result<IReadOnlyList<ComplianceDayView>>>(who, u => u.HandleAsync(new GetComplianceHistoryQuery()));

        var sam = (await As(w.Sam)).ValueOrThrow();
        var priya = (await As(w.Priya)).ValueOrThrow();
        var bob = (await As(w.Bob)).ValueOrThrow();

        var today = new DateOnly(2026, 12, 7);
        Assert.Equal([new(today.AddDays(-2), 1, 1, 0, 1), new(today.AddDays(-1), 2, 1, 1, 2)], sam);
        Assert.Equal(new ComplianceDayView(today.AddDays(-1), 4, 1, 1, 2), priya[^1]);
        Assert.Equal([new(today.AddDays(-1), 1, 0, 0, 0)], bob);
    }

    [Fact]
    public async Task Locations_PerVisibleCluster_WithPhaseValidationAndDiscoveryFallback()
    {
        await using var w = await ComplianceWorld.StartAsync();
        Task<Result<IReadOnlyList<ClusterLocationsView>>> As(CurrentPrincipal who, Guid? cluster = null) =>
            w.RunAsync<ListBackupLocations, Result<IReadOnlyList<ClusterLocationsView>>>(who, u => u.HandleAsync(new ListBackupLocationsQuery(cluster)));

        var sam = (await As(w.Sam)).ValueOrThrow();
        Assert.Equal(["east", "west"], sam.Select(c => c.ClusterName));
        var east = sam[0];
        Assert.Equal([(LocationKind.BackupStorage, "default"), (LocationKind.VolumeSnapshot, "csi")], east.Locations.Select(l => (l.Kind, l.Name)));
        Assert.Equal(("Available", w.Now.AddMinutes(-1)), (east.Locations[0].Phase, east.Locations[0].LastValidated));

        var north = (await As(w.Bob, w.North)).ValueOrThrow().Single();
        Assert.True(north.FromDiscovery);
        Assert.Equal(("north-bsl", "Available"), (north.Locations.Single().Name, north.Locations.Single().Phase));

        Assert.Equal(ErrorKind.NotFound, (await As(w.Sam, w.North)).Error!.Kind);
    }

    [Fact]
    public async Task NamespaceStatuses_OnlyTheCallersNamespaces()
    {
        await using var w = await ComplianceWorld.StartAsync();

        var sam = (await w.RunAsync<ListNamespaceStatuses, Result<IReadOnlyList<NamespaceStatusView>>>(w.Sam,
            u => u.HandleAsync(new ListNamespaceStatusesQuery(NamespaceIds: [w.ShopWeb, w.BillApi])))).ValueOrThrow();

        Assert.Equal((w.ShopWeb, ProtectionStatus.Protected, "gold"), (sam.Single().NamespaceId, sam.Single().Status, sam.Single().PolicyName));
    }

    [Fact]
    public async Task EveryComplianceView_MakesNoClusterCall()
    {
        await using var w = await ComplianceWorld.StartAsync();
        var before = FailingClusterPort.Calls;

        Assert.True((await OverviewAsync(w, w.Priya)).IsSuccess);
        Assert.True((await w.RunAsync<GetComplianceHistory, Result<IReadOnlyList<ComplianceDayView>>>(w.Priya, u => u.HandleAsync(new()))).IsSuccess);
        Assert.True((await w.RunAsync<ListBackupLocations, Result<IReadOnlyList<ClusterLocationsView>>>(w.Priya, u => u.HandleAsync(new()))).IsSuccess);
        Assert.True((await w.RunAsync<ListNamespaceStatuses, Result<IReadOnlyList<NamespaceStatusView>>>(w.Priya, u => u.HandleAsync(new()))).IsSuccess);

        Assert.Equal(before, FailingClusterPort.Calls);
    }

    [Fact]
    public async Task EveryComplianceView_SignedOut_IsRefused()
    {
        await using var w = await ComplianceWorld.StartAsync();

        var result = await OverviewAsync(w, CurrentPrincipal.Anonymous);

        Assert.Equal(ErrorKind.Forbidden, result.Error!.Kind);
    }
}
