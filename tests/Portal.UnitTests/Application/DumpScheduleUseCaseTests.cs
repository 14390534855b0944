using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Schedules;
using Portal.Domain.Access;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>Creating, changing and running dump schedules: every bad input is refused in words before anything is written.</summary>
public class DumpScheduleUseCaseTests
{
    private static CreateDumpScheduleCommand NewPvc(Guid db, string cron = "0 2 * * *", string zone = "Europe/Berlin") =>
        new(db, "nightly", DumpMethod.NativeTool, cron, zone, "app", new PostgresDumpOptions(), null,
            new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "alpha-dumps", CreatePvc: true, SizeGi: 10), new DumpRetention(7, null));

    private static async Task<(PortalTestHost Host, WalkWorld World)> AsAlphaDbaAsync()
    {
        var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        host.Principal.Current = w.AlphaPeople[Persona.DatabaseEngineer];
        return (host, w);
    }

    private static Task<Result<DumpScheduleCreated>> CreateAsync(PortalTestHost host, CreateDumpScheduleCommand cmd) =>
        host.RunAsync<CreateDumpSchedule, Result<DumpScheduleCreated>>(u => u.HandleAsync(cmd));

    private static async Task<int> CountAsync(PortalTestHost host)
    {
        await using var db = await host.OpenAllAsync();
        return await db.DumpSchedules.CountAsync() + await db.Requests.CountAsync();
    }

    [Fact]
    public async Task Create_WithNewClaim_SavesPendingScheduleAndQueuesItsRequest()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        var created = await CreateAsync(host, NewPvc(w.AlphaDatabase));
        Assert.True(created.IsSuccess, created.Error?.Message);

        await using var db = await host.OpenAllAsync();
        var schedule = await db.DumpSchedules.SingleAsync(x => x.Id == created.Value!.ScheduleId);
        Assert.Equal(DumpScheduleState.Pending, schedule.State);
        Assert.Equal("app", schedule.DatabaseName);
        Assert.Equal("postgres:16", schedule.ClientImage);
        var request = await db.Requests.SingleAsync(r => r.Id == created.Value!.RequestId);
        Assert.Equal(RequestKind.DumpScheduleChange, request.Kind);
        Assert.Equal(RequestStatus.Queued, request.Status);
        Assert.Equal(w.AlphaDatabase, request.DatabaseId);
        Assert.Equal(new DumpScheduleChangeParameters(w.AlphaDatabase, schedule.Id, DumpScheduleAction.Apply), request.ParametersAs<DumpScheduleChangeParameters>());
        Assert.Contains(await db.AuditEvents.ToListAsync(), a => a.Action == "database.schedule.created" && a.TargetId == schedule.Id.ToString());
    }

    [Theory]
    [InlineData("0 2 * *", "Europe/Berlin", "five fields")]
    [InlineData("0 25 * * *", "Europe/Berlin", "not a valid cron expression")]
    [InlineData("0 2 * * *", "Mars/Olympus", "not an IANA time zone")]
    public async Task Create_WithBadCronOrZone_IsRefusedAndNothingIsWritten(string cron, string zone, string expected)
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        var before = await CountAsync(host);
        var created = await CreateAsync(host, NewPvc(w.AlphaDatabase, cron, zone));
        Assert.Equal(ErrorKind.Validation, created.Error?.Kind);
        Assert.Contains(expected, created.Error!.Message);
        Assert.Equal(before, await CountAsync(host));
        Assert.Equal(0, host.Databases.Writes);
    }

    [Fact]
    public async Task Create_ExistingClaimMissing_SaysSo()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        var cmd = NewPvc(w.AlphaDatabase) with { Destination = new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "no-such-claim") };
        var created = await CreateAsync(host, cmd);
        Assert.Contains("There is no volume claim no-such-claim in namespace alpha-ns", created.Error?.Message);
    }

    [Fact]
    public async Task Create_ExistingClaimReadOnly_IsRefusedForItsAccessMode()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        host.Databases.Claims[("alpha-ns", "shared-ro")] = new VolumeClaimInfo("shared-ro", "nfs", ["ReadOnlyMany"], "Bound", "5Gi");
        var cmd = NewPvc(w.AlphaDatabase) with { Destination = new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "shared-ro") };
        var created = await CreateAsync(host, cmd);
        Assert.Equal(ErrorKind.Validation, created.Error?.Kind);
        Assert.Contains("wrong access mode", created.Error!.Message);
        Assert.Contains("ReadOnlyMany", created.Error.Message);
    }

    [Fact]
    public async Task Create_ExistingWritableClaim_IsAccepted()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        host.Databases.Claims[("alpha-ns", "dumps")] = new VolumeClaimInfo("dumps", "standard", ["ReadWriteOnce"], "Bound", "20Gi");
        var created = await CreateAsync(host, NewPvc(w.AlphaDatabase) with { Destination = new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "dumps") });
        Assert.True(created.IsSuccess, created.Error?.Message);
    }

    [Fact]
    public async Task Create_NewClaimThatExists_AsksToChooseIt()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        host.Databases.Claims[("alpha-ns", "alpha-dumps")] = new VolumeClaimInfo("alpha-dumps", "standard", ["ReadWriteOnce"], "Bound", "20Gi");
        var created = await CreateAsync(host, NewPvc(w.AlphaDatabase));
        Assert.Contains("exists already", created.Error?.Message);
    }

    [Fact]
    public async Task Create_ClientOlderThanServer_IsRefusedWithTheReason()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        var created = await CreateAsync(host, NewPvc(w.AlphaDatabase) with { ClientMajorVersion = "15" });
        Assert.Equal(ErrorKind.Validation, created.Error?.Kind);
        Assert.Contains("15 client cannot safely dump a 16 server", created.Error!.Message);
        var newer = await CreateAsync(host, NewPvc(w.AlphaDatabase) with { ClientMajorVersion = "17" });
        Assert.True(newer.IsSuccess, newer.Error?.Message);
    }

    [Fact]
    public async Task Create_DatabaseNotRegistered_IsRefused()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        var created = await CreateAsync(host, NewPvc(w.AlphaDatabase) with { DatabaseName = "other" });
        Assert.Contains("Choose which database of alpha-db to dump: app", created.Error?.Message);
    }

    [Fact]
    public async Task Create_ByApplicationOwner_IsForbidden()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        host.Principal.Current = w.AlphaPeople[Persona.ApplicationOwner];
        var created = await CreateAsync(host, NewPvc(w.AlphaDatabase));
        Assert.Equal(ErrorKind.Forbidden, created.Error?.Kind);
    }

    [Fact]
    public async Task Create_OperatorBackupsForNonCnpgDatabase_AreRefused()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        var created = await CreateAsync(host, new CreateDumpScheduleCommand(w.AlphaDatabase, "cnpg", DumpMethod.CloudNativePg, "0 3 * * *", "Etc/UTC"));
        Assert.Contains("CloudNativePG Cluster", created.Error?.Message);
        var berlin = await CreateAsync(host, new CreateDumpScheduleCommand(w.AlphaDatabase, "cnpg", DumpMethod.CloudNativePg, "0 3 * * *", "Europe/Berlin"));
        Assert.Contains("UTC", berlin.Error?.Message);
    }

    [Fact]
    public async Task Create_S3WithoutCredentialKeys_NamesTheMissingKey()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        host.Databases.Secrets[("alpha-ns", "s3-creds")] = ["AWS_ACCESS_KEY_ID"];
        var cmd = NewPvc(w.AlphaDatabase) with
        {
            Destination = new DumpDestination(DumpDestinationKind.S3, S3Endpoint: "https://s3.example.com", S3Bucket: "dumps", S3CredentialsSecret: "s3-creds"),
        };
        var created = await CreateAsync(host, cmd);
        Assert.Contains("has no key AWS_SECRET_ACCESS_KEY", created.Error?.Message);
    }

    [Fact]
    public async Task Create_ClusterDown_IsUnavailableInWordsAndNothingIsSaved()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        var before = await CountAsync(host);
        host.Databases.Fault = new ClusterAccessException(ClusterFault.Unreachable, "Cluster shared-1 did not answer.");
        var created = await CreateAsync(host, NewPvc(w.AlphaDatabase));
        Assert.Equal(ErrorKind.Unavailable, created.Error?.Kind);
        Assert.Contains("Check that the API server of shared-1 is up", created.Error!.Message);
        Assert.Equal(before, await CountAsync(host));
    }

    [Fact]
    public async Task Remove_NeedsTheTypedName_ThenMarksRemovingAndQueuesTheDeletion()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        var created = (await CreateAsync(host, NewPvc(w.AlphaDatabase))).Value!;
        var wrong = await host.RunAsync<ChangeDumpSchedule, Result<Guid>>(u => u.HandleAsync(
            new ChangeDumpScheduleCommand(created.ScheduleId, DumpScheduleChange.Remove, "nightl")));
        Assert.Contains("Type the schedule's name, nightly", wrong.Error?.Message);

        var removed = await host.RunAsync<ChangeDumpSchedule, Result<Guid>>(u => u.HandleAsync(
            new ChangeDumpScheduleCommand(created.ScheduleId, DumpScheduleChange.Remove, "nightly")));
        Assert.True(removed.IsSuccess, removed.Error?.Message);
        await using var db = await host.OpenAllAsync();
        Assert.Equal(DumpScheduleState.Removing, (await db.DumpSchedules.SingleAsync(x => x.Id == created.ScheduleId)).State);
        var request = await db.Requests.SingleAsync(r => r.Id == removed.Value);
        Assert.Equal(DumpScheduleAction.Delete, request.ParametersAs<DumpScheduleChangeParameters>().Action);

        var again = await host.RunAsync<RunDumpNow, Result<Guid>>(u => u.HandleAsync(new RunDumpNowCommand(created.ScheduleId)));
        Assert.Contains("has been removed", again.Error?.Message);
    }

    [Fact]
    public async Task DumpNow_QueuesADumpOfTheSchedule()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        var created = (await CreateAsync(host, NewPvc(w.AlphaDatabase))).Value!;
        var run = await host.RunAsync<RunDumpNow, Result<Guid>>(u => u.HandleAsync(new RunDumpNowCommand(created.ScheduleId)));
        Assert.True(run.IsSuccess, run.Error?.Message);
        await using var db = await host.OpenAllAsync();
        var request = await db.Requests.SingleAsync(r => r.Id == run.Value);
        Assert.Equal((RequestKind.DatabaseDump, RequestStatus.Queued), (request.Kind, request.Status));
        Assert.Equal(created.ScheduleId, request.ParametersAs<DatabaseDumpParameters>().ScheduleId);
    }

    [Fact]
    public async Task Details_WithRpoTargetAndNoGoodDump_IsBreached()
    {
        var (host, w) = await AsAlphaDbaAsync();
        await using var _ = host;
        var set = await host.RunAsync<SetDatabaseRpo, Result<Unit>>(u => u.HandleAsync(new SetDatabaseRpoCommand(w.AlphaDatabase, 60)));
        Assert.True(set.IsSuccess, set.Error?.Message);
        var details = await host.RunAsync<GetDatabaseDetails, Result<DatabaseDetails>>(u => u.HandleAsync(new GetDatabaseDetailsQuery(w.AlphaDatabase)));
        Assert.True(details.Value!.Rpo.Breached);
        Assert.True(details.Value.CanManage);
        var tooShort = await host.RunAsync<SetDatabaseRpo, Result<Unit>>(u => u.HandleAsync(new SetDatabaseRpoCommand(w.AlphaDatabase, 1)));
        Assert.Contains("between 5 minutes and a year", tooShort.Error?.Message);
    }

    [Fact]
    public void Rpo_GoodDumpYoungerThanTarget_IsNotBreached()
    {
        var now = DateTimeOffset.Parse("2026-11-24T12:00:00Z");
        Assert.False(RpoStatus.Evaluate(TimeSpan.FromHours(1), now.AddMinutes(-30), now).Breached);
        Assert.True(RpoStatus.Evaluate(TimeSpan.FromHours(1), now.AddMinutes(-61), now).Breached);
        Assert.False(RpoStatus.Evaluate(null, null, now).Breached);
    }
}
