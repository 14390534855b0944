using Portal.Application.Common;
using Portal.Application.Features.Storage.ClassChange;
using Portal.Application.Features.Storage.Matrix;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Requests;
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
        Assert.Equal(new SnapshotClassChangeParameters(SnapshotClassChangeKind.UseForVelero, "csi-aws-vsc-delete", "ebs.csi.aws.com"),
            request.ParametersAs<SnapshotClassChangeParameters>());
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "storage.snapshot-class-change.asked"));
        Assert.Empty(storage.Marked);
    }
}
