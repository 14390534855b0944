using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Snapshots;
using Portal.Databases.Messages;
using Portal.Domain.Access;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Domain.Snapshots;
using Portal.Execution.Snapshots;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Snapshots;

/// <summary>"Database checkpoint" consistency at submit: the database must be registered to the tenant in the snapshot's
/// namespace, refused next to the field otherwise; the rules, the Job's message and the failure's words.</summary>
public class SnapshotCheckpointTests
{
    private static async Task<(PortalTestHost Host, WalkWorld World)> StartAsync()
    {
        var host = await PortalTestHost.StartAsync();
        var world = await WalkWorld.SeedAsync(host);
        host.Principal.Current = world.AlphaPeople[Persona.SreEngineer];
        host.Snapshots.Claims.Add(new SnapshotClaimInfo("alpha-ns", "data", "gp3", "ebs.csi.aws.com", "Bound", "8Gi", "pv-data", false, []));
        return (host, world);
    }

    private static SnapshotNowCommand Now(WalkWorld w, Guid? database) =>
        new(w.AlphaNs, ["data"], null, null, false, SnapshotConsistency.DatabaseCheckpoint, "before the upgrade", database);

    [Fact]
    public async Task SnapshotNow_WithTheNamespacesDatabase_IsARequestCarryingIt_AndTheFormListsTheDatabase()
    {
        var (host, world) = await StartAsync();
        await using var _ = host;

        var ok = await host.RunAsync<SnapshotNow, Result<Guid>>(u => u.HandleAsync(Now(world, world.AlphaDatabase)));
        var list = await host.RunAsync<ListSnapshots, Result<SnapshotListView>>(u => u.HandleAsync(new ListSnapshotsQuery(world.AlphaNs)));

        Assert.True(ok.IsSuccess, ok.Error?.Message);
        await using var db = await host.OpenAllAsync();
        var p = db.Requests.Single(r => r.Id == ok.Value).ParametersAs<VolumeSnapshotParameters>();
        Assert.Equal((SnapshotConsistency.DatabaseCheckpoint, world.AlphaDatabase), (p.Consistency, p.DatabaseId));
        var offered = Assert.Single(list.Value!.Databases);
        Assert.Equal(("alpha-db", "CHECKPOINT"), (offered.Name, offered.Statement));
    }

    [Fact]
    public async Task SnapshotNow_WithAnotherTenantsDatabase_OrNone_IsRefusedNextToTheField()
    {
        var (host, world) = await StartAsync();
        await using var _ = host;

        var foreign = await host.RunAsync<SnapshotNow, Result<Guid>>(u => u.HandleAsync(Now(world, world.BravoDatabase)));
        var unknown = await host.RunAsync<SnapshotNow, Result<Guid>>(u => u.HandleAsync(Now(world, Guid.NewGuid())));
        var strayDatabase = await host.RunAsync<SnapshotNow, Result<Guid>>(u => u.HandleAsync(
            new SnapshotNowCommand(world.AlphaNs, ["data"], null, null, false, SnapshotConsistency.None, null, world.AlphaDatabase)));

        foreach (var refused in new[] { foreign, unknown })
        {
            Assert.Equal(ErrorKind.Validation, refused.Error!.Kind);
            Assert.Equal(SnapshotCheckpoint.Field, refused.Error.Field);
            Assert.Contains("not registered in namespace alpha-ns", refused.Error.Message);
            Assert.DoesNotContain("bravo-db", refused.Error.Message); // another tenant's database is not named
        }
        Assert.Contains("only for a database checkpoint", strayDatabase.Error!.Message);
        await using var db = await host.OpenAllAsync();
        Assert.DoesNotContain(db.Requests, r => r.Kind == RequestKind.VolumeSnapshot);
    }

    [Fact]
    public async Task SaveSchedule_KeepsTheDatabase_AndRefusesAnotherNamespacesDatabaseNextToTheField()
    {
        var (host, world) = await StartAsync();
        await using var _ = host;
        SaveSnapshotScheduleCommand Save(Guid? database) => new(world.AlphaNs, null, ["data"], null, null, SnapshotConsistency.DatabaseCheckpoint,
            "0 2 * * *", "Etc/UTC", 7, null, true, database);

        var saved = await host.RunAsync<SaveSnapshotSchedule, Result<SnapshotScheduleView>>(u => u.HandleAsync(Save(world.AlphaDatabase)));
        var foreign = await host.RunAsync<SaveSnapshotSchedule, Result<SnapshotScheduleView>>(u => u.HandleAsync(Save(world.BravoDatabase)));
        var none = await host.RunAsync<SaveSnapshotSchedule, Result<SnapshotScheduleView>>(u => u.HandleAsync(Save(null)));

        Assert.True(saved.IsSuccess, saved.Error?.Message);
        Assert.Equal(world.AlphaDatabase, saved.Value!.DatabaseId);
        Assert.Equal(SnapshotCheckpoint.Field, foreign.Error!.Field);
        Assert.Equal(SnapshotCheckpoint.Field, none.Error!.Field);
        await using var db = await host.OpenAllAsync();
        Assert.Equal(world.AlphaDatabase, Assert.Single(db.SnapshotSchedules, x => x.Namespace == "alpha-ns").DatabaseId);
    }

    [Fact]
    public void Rules_NeedTheDatabaseForACheckpoint_AndOnlyThen()
    {
        Assert.Null(SnapshotConsistencyRules.Problem(SnapshotConsistency.DatabaseCheckpoint, null, Guid.NewGuid()));
        Assert.Contains("needs the database", SnapshotConsistencyRules.Problem(SnapshotConsistency.DatabaseCheckpoint, null, null));
        Assert.Contains("needs the database", SnapshotConsistencyRules.Problem(SnapshotConsistency.DatabaseCheckpoint, null, Guid.Empty));
        Assert.Contains("only for a database checkpoint", SnapshotConsistencyRules.Problem(SnapshotConsistency.ScaleToZero, new("Deployment", "a"), Guid.NewGuid()));
        Assert.Null(new SnapshotScheduleSettings(["data"], null, null, SnapshotConsistency.DatabaseCheckpoint, "0 * * * *", "Etc/UTC", 2, null, true, Guid.NewGuid()).Problem());
        Assert.Equal("CHECKPOINT", DatabaseEngine.PostgreSql.Statement());
        Assert.Equal("FLUSH TABLES; FLUSH LOGS", DatabaseEngine.MariaDb.Statement());
        Assert.Contains("runs no checkpoint for MongoDB", DatabaseCheckpoints.Refusal(DatabaseEngine.MongoDb, "catalog"));
    }

    [Fact]
    public void Failure_OfARefusedCheckpoint_SaysWhichPrivilegeTheUserNeeds()
    {
        var pg = new DatabaseTarget(Guid.NewGuid(), Guid.NewGuid(), "shop", "shop-db", DatabaseEngine.PostgreSql, "shop-db-rw", 5432, ["app"],
            new SecretKeyReference("shop-db-app", "username", "password"), DatabaseSource.Manual, null, 16, "me", DateTimeOffset.UtcNow);
        var failed = new JobRunStatus("portal-checkpoint-1", null, new Dictionary<string, string>(), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, false, true,
            "BackoffLimitExceeded", null);
        var message = CheckpointMessage.Parse("""{"status":"Failed","exitCode":1,"error":"ERROR:  permission denied to execute CHECKPOINT command\nDETAIL:  Only roles with privileges of the \"pg_checkpoint\" role may execute this command."}""");

        var words = DatabaseCheckpointStep.Failure(pg, "CHECKPOINT", "portal-checkpoint-1", failed, message);

        Assert.Contains("CHECKPOINT failed on shop-db (Job portal-checkpoint-1)", words);
        Assert.Contains("superusers and, from version 15, to members of the role pg_checkpoint", words);
        Assert.Contains("permission denied to execute CHECKPOINT", words);
        Assert.Equal(new CheckpointMessage.Succeeded("CHECKPOINT", 2), CheckpointMessage.Parse("""{"status":"Succeeded","statement":"CHECKPOINT","durationSeconds":2}"""));
        Assert.IsType<CheckpointMessage.Unreadable>(CheckpointMessage.Parse("not json"));
    }
}
