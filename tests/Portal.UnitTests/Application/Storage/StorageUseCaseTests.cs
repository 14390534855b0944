using Portal.Application.Common;
using Portal.Application.Features.Storage.ClassChange;
using Portal.Application.Features.Storage.Matrix;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.Domain.Snapshots;
using Portal.Domain.Tenants;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.UnitTests.Application.Storage;

public class StorageUseCaseTests
{
    private static async Task<CurrentPrincipal> BindAsync(PortalTestHost host, string key, Persona persona, ScopeKind scope, Guid? target)
    {
        await using var db = await host.OpenAllAsync();
        var user = new PortalUser(key, key, $"{key}@example.test");
        db.Users.Add(user);
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), persona, scope,
            scope == ScopeKind.Tenant ? target : null, scope == ScopeKind.Cluster ? target : null));
        await db.SaveChangesAsync();
        return new CurrentPrincipal(user.Id.ToString(), key, user.Email, []);
    }

    [Fact]
    public async Task Matrix_StorageAdminOfTheCluster_SeesEveryClaimWithItsTenant_TenantScopedOnlyItsOwn()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = await BindAsync(host, "sofia", Persona.StorageAdministrator, ScopeKind.Cluster, world.ClusterId);

        var matrix = await host.RunAsync<GetStorageMatrix, Result<IReadOnlyList<ClusterStorageView>>>(u => u.HandleAsync(new GetStorageMatrixQuery(null)));
        var view = Assert.Single(matrix.Value!);
        Assert.Equal((4, 2, true), (view.Claims, view.Unsnapshottable, view.WholeCluster));
        Assert.False(view.Classes.Single(c => c.Class.Name == "shared-files").SnapshotsPossible);
        var blocked = await host.RunAsync<ListStorageClaims, Result<Page<StorageClaimRow>>>(u => u.HandleAsync(
            new ListStorageClaimsQuery(world.ClusterId, null, true, new PageRequest(0, 1))));
        Assert.Equal(2, blocked.Value!.TotalCount);
        Assert.Equal(("alpha-files", "Alpha Shop"), (blocked.Value.Items.Single().Name, blocked.Value.Items.Single().TenantName));

        host.Principal.Current = world.AlphaPeople[Persona.StorageAdministrator];
        var alphaOnly = await host.RunAsync<ListStorageClaims, Result<Page<StorageClaimRow>>>(u => u.HandleAsync(
            new ListStorageClaimsQuery(world.ClusterId, null, false, new PageRequest(0, 50))));
        Assert.Equal(["alpha-data", "alpha-files"], alphaOnly.Value!.Items.Select(c => c.Name));
        // a tenant-scoped storage administrator never asks for a change of the cluster's classes
        var refused = await host.RunAsync<SubmitSnapshotClassChange, Result<Guid>>(u => u.HandleAsync(
            new SubmitSnapshotClassChangeCommand(world.ClusterId, "csi-aws-vsc", SnapshotClassChangeKind.UseForVelero, true, null)));
        Assert.Equal(ErrorKind.Forbidden, refused.Error!.Kind);
    }

    [Fact]
    public async Task ClassChange_NeedsConfirmation_RefusesWhatHolds_AndWaitsForAPlatformEngineer()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = await BindAsync(host, "sofia", Persona.StorageAdministrator, ScopeKind.Cluster, world.ClusterId);
        var storage = host.Services.GetRequiredService<FakeStorageInventoryGateway>();
        storage.SnapshotClasses.Add(new("csi-aws-vsc-delete", "ebs.csi.aws.com", "Delete", new Dictionary<string, string>(), false, false, "1"));

        Task<Result<Guid>> Ask(string name, bool confirmed) => host.RunAsync<SubmitSnapshotClassChange, Result<Guid>>(u => u.HandleAsync(
            new SubmitSnapshotClassChangeCommand(world.ClusterId, name, SnapshotClassChangeKind.UseForVelero, confirmed, "cheaper snapshots")));
        Assert.Equal(ErrorKind.Validation, (await Ask("csi-aws-vsc-delete", false)).Error!.Kind);
        Assert.Contains("already", (await Ask("csi-aws-vsc", true)).Error!.Message);
        Assert.Contains("no VolumeSnapshotClass", (await Ask("missing", true)).Error!.Message);

        var preview = await host.RunAsync<PreviewSnapshotClassChange, Result<SnapshotClassChangePreview>>(u => u.HandleAsync(
            new PreviewSnapshotClassChangeQuery(world.ClusterId, "csi-aws-vsc-delete", SnapshotClassChangeKind.UseForVelero)));
        Assert.Equal(["csi-aws-vsc"], preview.Value!.LosingTheMark);
        Assert.Equal(2, preview.Value.Claims);
        Assert.Equal(["Alpha Shop", "Bravo Corp"], preview.Value.Tenants);

        var asked = await Ask("csi-aws-vsc-delete", true);
        Assert.True(asked.IsSuccess, asked.Error?.Message);
        await using var db = await host.OpenAllAsync();
        var request = await db.Requests.AsNoTracking().SingleAsync(r => r.Id == asked.Value);
        Assert.Equal((RequestStatus.PendingApproval, Guid.Empty, "velero"), (request.Status, request.TenantId, request.Namespace));
        var recorded = request.ParametersAs<SnapshotClassChangeParameters>();
        // the class as it was when asked, for the executor to check again
        Assert.Equal((SnapshotClassChangeKind.UseForVelero, "csi-aws-vsc-delete", "ebs.csi.aws.com", "1", false),
            (recorded.Change, recorded.SnapshotClassName, recorded.Driver, recorded.ResourceVersion, recorded.HadTheMark));
        Assert.Equal(["csi-aws-vsc"], recorded.OthersWithTheMark!);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "storage.snapshot-class-change.asked"));
        Assert.Empty(storage.Marked);
    }

    [Fact]
    public async Task StoragePage_OpenedAndPagedThroughThreeClaimPages_ReadsTheClusterOnce_RefreshReadsAgain()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = await BindAsync(host, "sofia", Persona.StorageAdministrator, ScopeKind.Cluster, world.ClusterId);
        var storage = host.Services.GetRequiredService<FakeStorageInventoryGateway>();

        // what the page does: the matrix when it opens (read anew), then the claims table, a page at a time
        var matrix = await host.RunAsync<GetStorageMatrix, Result<IReadOnlyList<ClusterStorageView>>>(u => u.HandleAsync(new GetStorageMatrixQuery(world.ClusterId)));
        Assert.True(matrix.IsSuccess, matrix.Error?.Message);
        var seen = new List<string>();
        for (var page = 0; page < 3; page++)
        {
            var claims = await host.RunAsync<ListStorageClaims, Result<Page<StorageClaimRow>>>(u => u.HandleAsync(
                new ListStorageClaimsQuery(world.ClusterId, null, false, new PageRequest(page, 1))));
            seen.Add(claims.Value!.Items.Single().Name);
            Assert.Equal(4, claims.Value.TotalCount);
        }

        Assert.Equal(3, seen.Distinct().Count());
        Assert.Equal(1, storage.Reads); // before the shared read: 4 (the matrix, and again for each page of claims)
        await host.RunAsync<GetStorageMatrix, Result<IReadOnlyList<ClusterStorageView>>>(u => u.HandleAsync(new GetStorageMatrixQuery(world.ClusterId, Fresh: true)));
        Assert.Equal(2, storage.Reads);
    }

    [Fact]
    public async Task Preview_ListsTheSnapshotSchedulesThatUseTheClass()
    {
        await using var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = await BindAsync(host, "sofia", Persona.StorageAdministrator, ScopeKind.Cluster, world.ClusterId);
        var storage = host.Services.GetRequiredService<FakeStorageInventoryGateway>();
        storage.SnapshotClasses.Add(new("csi-aws-vsc-delete", "ebs.csi.aws.com", "Delete", new Dictionary<string, string>(), false, false, "1"));
        await using (var db = await host.OpenAllAsync())
        {
            var now = DateTimeOffset.UtcNow;
            SnapshotSchedule Schedule(Guid tenant, string ns, string claim, string? cls) => new(tenant, world.ClusterId, ns,
                new SnapshotScheduleSettings([claim], null, cls, SnapshotConsistency.None, "0 3 * * *", "UTC", 7, null), "seed", now.AddDays(1), now);
            db.SnapshotSchedules.AddRange(
                Schedule(world.AlphaTenant, "alpha-ns", "alpha-data", "csi-aws-vsc-delete"), // names the class
                Schedule(world.BravoTenant, "bravo-ns", "bravo-data", null), // the driver's default
                Schedule(world.BravoTenant, "bravo-ns", "bravo-files", null), // another driver
                Schedule(world.AlphaTenant, "alpha-ns", "alpha-data", "csi-aws-vsc")); // another class
            await db.SaveChangesAsync();
        }

        Task<Result<SnapshotClassChangePreview>> Preview(SnapshotClassChangeKind change) => host.RunAsync<PreviewSnapshotClassChange, Result<SnapshotClassChangePreview>>(u =>
            u.HandleAsync(new PreviewSnapshotClassChangeQuery(world.ClusterId, "csi-aws-vsc-delete", change)));
        var velero = (await Preview(SnapshotClassChangeKind.UseForVelero)).Value!;
        Assert.Equal(["alpha-ns: alpha-data, \"0 3 * * *\" (UTC), class csi-aws-vsc-delete"], velero.Schedules);
        Assert.Equal(0, velero.SchedulesHidden);
        var asDefault = (await Preview(SnapshotClassChangeKind.MakeDefault)).Value!;
        Assert.Equal(["alpha-ns: alpha-data, \"0 3 * * *\" (UTC), class csi-aws-vsc-delete",
            "bravo-ns: bravo-data, \"0 3 * * *\" (UTC), no class named: the driver's default"], asDefault.Schedules);
    }
}
