using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Snapshots;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Snapshots;

/// <summary>The snapshot use cases as a tenant's people use them: checked against the cluster at submit, through the one
/// request pipeline, deletion confirmed by the name typed again.</summary>
public class SnapshotUseCaseTests
{
    private static async Task<(PortalTestHost Host, WalkWorld World)> StartAsync(Persona persona)
    {
        var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[persona];
        host.Snapshots.Claims.Add(new SnapshotClaimInfo("alpha-ns", "data", "gp3", "ebs.csi.aws.com", "Bound", "8Gi", "pv-data", false, []));
        host.Snapshots.Claims.Add(new SnapshotClaimInfo("alpha-ns", "pending", "gp3", "ebs.csi.aws.com", "Pending", null, null, false, []));
        host.Snapshots.Snapshots.Add(new VolumeSnapshotInfo("alpha-ns", "data-snap-1", "data", "ebs", false, null, DateTimeOffset.UtcNow, null,
            "Failed to check and update snapshot content: boom", "content-1", "driver says boom", "Delete", "ebs.csi.aws.com", null, new Dictionary<string, string>()));
        return (host, world);
    }

    [Fact]
    public async Task SnapshotNow_OfABoundClaim_IsARequest_AndAPendingClaimIsRefusedInWords()
    {
        var (host, world) = await StartAsync(Persona.ApplicationOwner);
        await using var _ = host;

        var ok = await host.RunAsync<SnapshotNow, Result<Guid>>(u => u.HandleAsync(
            new SnapshotNowCommand(world.AlphaNs, ["data"], null, null, false, SnapshotConsistency.None)));
        var pending = await host.RunAsync<SnapshotNow, Result<Guid>>(u => u.HandleAsync(
            new SnapshotNowCommand(world.AlphaNs, ["pending"], null, null, false, SnapshotConsistency.None)));
        var checkpoint = await host.RunAsync<SnapshotNow, Result<Guid>>(u => u.HandleAsync(
            new SnapshotNowCommand(world.AlphaNs, ["data"], null, null, false, SnapshotConsistency.DatabaseCheckpoint)));

        Assert.True(ok.IsSuccess, ok.Error?.Message);
        await using var db = await host.OpenAllAsync();
        var request = db.Requests.Single(r => r.Id == ok.Value);
        Assert.Equal(RequestKind.VolumeSnapshot, request.Kind);
        Assert.Equal(["data"], request.ParametersAs<VolumeSnapshotParameters>().Claims);
        Assert.Contains("Pending, not bound", pending.Error!.Message);
        Assert.Equal(ErrorKind.Validation, checkpoint.Error!.Kind);
        Assert.Equal(SnapshotCheckpoint.Field, checkpoint.Error.Field); // no database chosen: said next to the field
        Assert.Equal(0, host.Snapshots.Writes);
    }

    [Fact]
    public async Task List_ShowsTheErrorsOfSnapshotAndContent_AndDelete_NeedsTheNameTypedAgain()
    {
        var (host, world) = await StartAsync(Persona.SreEngineer);
        await using var _ = host;

        var list = await host.RunAsync<ListSnapshots, Result<SnapshotListView>>(u => u.HandleAsync(new ListSnapshotsQuery(world.AlphaNs)));
        var mistyped = await host.RunAsync<DeleteSnapshot, Result<Guid>>(u => u.HandleAsync(new DeleteSnapshotCommand(world.AlphaNs, "data-snap-1", "data-snap")));
        var confirmed = await host.RunAsync<DeleteSnapshot, Result<Guid>>(u => u.HandleAsync(new DeleteSnapshotCommand(world.AlphaNs, "data-snap-1", "data-snap-1")));

        var row = Assert.Single(list.Value!.Snapshots.Items);
        Assert.Equal("driver says boom", row.ContentError);
        Assert.True(list.Value.CanTake);
        Assert.Contains("Type the snapshot's name, data-snap-1", mistyped.Error!.Message);
        Assert.True(confirmed.IsSuccess, confirmed.Error?.Message);
        Assert.Single(host.Snapshots.Snapshots, s => s.Namespace == "alpha-ns"); // deleted by the executor, not the use case
    }

    [Fact]
    public async Task AMigrationArchitect_SeesButCannotTakeSnapshots()
    {
        var (host, world) = await StartAsync(Persona.MigrationArchitect);
        await using var _ = host;

        var list = await host.RunAsync<ListSnapshots, Result<SnapshotListView>>(u => u.HandleAsync(new ListSnapshotsQuery(world.AlphaNs)));
        var take = await host.RunAsync<SnapshotNow, Result<Guid>>(u => u.HandleAsync(
            new SnapshotNowCommand(world.AlphaNs, ["data"], null, null, false, SnapshotConsistency.None)));

        Assert.False(list.Value!.CanTake);
        Assert.Equal(ErrorKind.Forbidden, take.Error!.Kind);
    }
}
