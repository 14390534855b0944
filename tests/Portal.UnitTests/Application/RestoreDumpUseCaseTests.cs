using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Databases.Restores;
using Portal.Application.Features.Databases.Schedules;
using Portal.Domain.Access;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>Restoring a dump: where it may go, and that overwriting needs a typed confirmation and the tenant's approval.</summary>
public class RestoreDumpUseCaseTests
{
    private sealed record Setup(PortalTestHost Host, WalkWorld World, Guid ScheduleId, Guid Good, Guid Failed) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Host.DisposeAsync();

        public Task<Result<Guid>> RestoreAsync(RestoreDumpCommand cmd) => Host.RunAsync<RestoreDump, Result<Guid>>(u => u.HandleAsync(cmd));
    }

    private static async Task<Setup> StartAsync(PostgresDumpFormat format = PostgresDumpFormat.Custom)
    {
        var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        host.Principal.Current = w.AlphaPeople[Persona.DatabaseEngineer];
        var created = await host.RunAsync<CreateDumpSchedule, Result<DumpScheduleCreated>>(u => u.HandleAsync(new CreateDumpScheduleCommand(
            w.AlphaDatabase, "nightly", DumpMethod.NativeTool, "0 2 * * *", "Etc/UTC", "app", new PostgresDumpOptions(Format: format), null,
            new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "alpha-dumps", CreatePvc: true, SizeGi: 5), new DumpRetention(3, null))));
        await using var db = await host.OpenAllAsync();
        var schedule = await db.DumpSchedules.SingleAsync(x => x.Id == created.Value!.ScheduleId);
        var now = DateTimeOffset.UtcNow;
        var ext = format == PostgresDumpFormat.Plain ? ".sql.gz" : ".dump";
        var good = new DumpArtifact(schedule, "portal-dump-a-1", DumpTrigger.Schedule, now.AddHours(-2));
        good.Succeed(now.AddHours(-2), now.AddHours(-2).AddSeconds(30), 4096, new string('c', 64), $"nightly-abc-20261124T020000Z{ext}", "pg_dump 16.4");
        var failed = new DumpArtifact(schedule, "portal-dump-a-2", DumpTrigger.Schedule, now.AddHours(-1));
        failed.Fail(now.AddHours(-1), "pg_dump: error: connection to server failed");
        db.DumpArtifacts.AddRange(good, failed);
        await db.SaveChangesAsync();
        return new Setup(host, w, schedule.Id, good.Id, failed.Id);
    }

    [Fact]
    public async Task Overwrite_WithoutTypedName_IsRefused_WithIt_WaitsForApproval()
    {
        await using var s = await StartAsync();
        var unconfirmed = await s.RestoreAsync(new RestoreDumpCommand(s.Good, RestoreTarget.SameDatabase));
        Assert.Equal(ErrorKind.Validation, unconfirmed.Error?.Kind);
        Assert.Contains("Type app to confirm", unconfirmed.Error!.Message);

        var confirmed = await s.RestoreAsync(new RestoreDumpCommand(s.Good, RestoreTarget.SameDatabase, Confirmation: "app"));
        Assert.True(confirmed.IsSuccess, confirmed.Error?.Message);
        await using var db = await s.Host.OpenAllAsync();
        var request = await db.Requests.SingleAsync(r => r.Id == confirmed.Value);
        Assert.Equal((RequestKind.DatabaseOverwrite, RequestStatus.PendingApproval), (request.Kind, request.Status));
        var p = request.ParametersAs<DatabaseRestoreParameters>();
        Assert.True(p.Overwrite);
        Assert.Equal("app", p.TargetDatabaseName);
    }

    [Fact]
    public async Task IntoNewDatabase_IsQueuedWithoutApproval()
    {
        await using var s = await StartAsync();
        var restored = await s.RestoreAsync(new RestoreDumpCommand(s.Good, RestoreTarget.NewDatabase, TargetDatabaseName: "app_copy"));
        Assert.True(restored.IsSuccess, restored.Error?.Message);
        await using var db = await s.Host.OpenAllAsync();
        var request = await db.Requests.SingleAsync(r => r.Id == restored.Value);
        Assert.Equal((RequestKind.DatabaseRestore, RequestStatus.Queued), (request.Kind, request.Status));
    }

    [Fact]
    public async Task IntoNewDatabase_ThatIsRegistered_PointsToOverwrite()
    {
        await using var s = await StartAsync();
        var restored = await s.RestoreAsync(new RestoreDumpCommand(s.Good, RestoreTarget.NewDatabase, TargetDatabaseName: "app"));
        Assert.Contains("app exists on alpha-db", restored.Error?.Message);
    }

    [Fact]
    public async Task FailedDump_CannotBeRestored()
    {
        await using var s = await StartAsync();
        var restored = await s.RestoreAsync(new RestoreDumpCommand(s.Failed, RestoreTarget.NewDatabase, TargetDatabaseName: "x"));
        Assert.Contains("only a successful dump can be restored", restored.Error?.Message);
    }

    [Fact]
    public async Task PlainDump_CannotOverwrite()
    {
        await using var s = await StartAsync(PostgresDumpFormat.Plain);
        var restored = await s.RestoreAsync(new RestoreDumpCommand(s.Good, RestoreTarget.SameDatabase, Confirmation: "app"));
        Assert.Contains("plain SQL dump cannot clean an existing database", restored.Error?.Message);
    }

    [Fact]
    public async Task VolumeDump_IntoAnotherNamespace_ExplainsWhy()
    {
        await using var s = await StartAsync();
        Guid other;
        await using (var db = await s.Host.OpenAllAsync())
        {
            var target = new DatabaseTarget(s.World.AlphaTenant, s.World.ClusterId, "alpha-ns2", "alpha-other", DatabaseEngine.PostgreSql, "other-rw", 5432,
                ["reports"], new SecretKeyReference("other-app", "username", "password"), DatabaseSource.Manual, null, 16, "seed", DateTimeOffset.UtcNow);
            db.TenantNamespaces.Add(new Portal.Domain.Tenants.TenantNamespace(s.World.AlphaTenant, s.World.ClusterId, "alpha-ns2", DateTimeOffset.UtcNow, "seed"));
            db.DatabaseTargets.Add(target);
            await db.SaveChangesAsync();
            other = target.Id;
        }
        var restored = await s.RestoreAsync(new RestoreDumpCommand(s.Good, RestoreTarget.OtherDatabase, other, "reports_copy"));
        Assert.Contains("lives on volume claim alpha-dumps in alpha-ns", restored.Error?.Message);
        Assert.Contains("S3", restored.Error!.Message);
    }

    [Fact]
    public async Task IntoAnotherTenantsDatabase_IsNotFound()
    {
        await using var s = await StartAsync();
        var restored = await s.RestoreAsync(new RestoreDumpCommand(s.Good, RestoreTarget.OtherDatabase, s.World.BravoDatabase, "app"));
        Assert.Equal(ErrorKind.NotFound, restored.Error?.Kind);
    }

    [Fact]
    public async Task ApplicationOwner_CannotRestoreDumps()
    {
        await using var s = await StartAsync();
        s.Host.Principal.Current = s.World.AlphaPeople[Persona.ApplicationOwner];
        var restored = await s.RestoreAsync(new RestoreDumpCommand(s.Good, RestoreTarget.NewDatabase, TargetDatabaseName: "x"));
        Assert.Equal(ErrorKind.Forbidden, restored.Error?.Kind);
    }
}
