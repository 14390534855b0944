using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Databases.Restores;
using Portal.Application.Features.Requests.Details;
using Portal.Application.Features.Requests.List;
using Portal.Domain.Access;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.UnitTests.Security;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>Request details, the request list and the approval inbox say what a database request is about, in names,
/// and only for requests the caller may see.</summary>
public class DatabaseRequestFactsTests
{
    /// <summary>Alpha's database gets a schedule and a good dump; returns the dump.</summary>
    private static async Task<Guid> AlphaDumpAsync(PortalTestHost host, WalkWorld w)
    {
        await using var db = await host.OpenAllAsync();
        var target = await db.DatabaseTargets.FirstAsync(d => d.Id == w.AlphaDatabase);
        var schedule = new DumpSchedule(target, "alpha-nightly", "app", new PostgresDumpOptions(), null,
            new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "alpha-dumps"), "0 2 * * *", "Etc/UTC", new DumpRetention(3, null),
            "postgres:16", "Alpha dba", DateTimeOffset.UtcNow);
        schedule.MarkApplied(DateTimeOffset.UtcNow);
        var at = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
        var artifact = new DumpArtifact(schedule, "portal-dump-alpha-1", DumpTrigger.Schedule, at);
        artifact.Succeed(at, at.AddSeconds(30), 4096, new string('a', 64), $"{schedule.Id:N}-20261120T020000Z.dump", "pg_dump 16.4");
        db.DumpSchedules.Add(schedule);
        db.DumpArtifacts.Add(artifact);
        await db.SaveChangesAsync();
        return artifact.Id;
    }

    private static async Task<Guid> OverwriteAsync(PortalTestHost host, WalkWorld w, Guid artifact)
    {
        host.Principal.Current = w.AlphaPeople[Persona.DatabaseEngineer];
        var result = await host.RunAsync<RestoreDump, Result<Guid>>(u => u.HandleAsync(new RestoreDumpCommand(artifact, RestoreTarget.SameDatabase, Confirmation: "app")));
        return result.ValueOrThrow();
    }

    [Fact]
    public async Task GetRequestDetails_DatabaseOverwrite_NamesDatabaseDumpAndTarget()
    {
        await using var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        var artifact = await AlphaDumpAsync(host, w);
        var request = await OverwriteAsync(host, w, artifact);

        host.Principal.Current = w.AlphaPeople[Persona.SreEngineer];
        var details = (await host.RunAsync<GetRequestDetails, Result<RequestDetails>>(u => u.HandleAsync(new GetRequestDetailsQuery(request)))).ValueOrThrow();

        var facts = details.Database!;
        Assert.Equal(w.AlphaDatabase, facts.DatabaseId);
        Assert.Equal("alpha-db", facts.DatabaseName);
        Assert.Equal("alpha-nightly", facts.ScheduleName);
        Assert.Equal(artifact, facts.ArtifactId);
        Assert.True(facts.Overwrite);
        Assert.Equal(("alpha-db", "app"), (facts.TargetServerName, facts.TargetDatabaseName));
        Assert.Equal("Overwrite database app on alpha-db with the dump of 2026-11-20 02:00 UTC (schedule alpha-nightly) of alpha-db, then verify it",
            details.ParametersDescription);
        Assert.Equal(details.ParametersDescription, details.Summary.About);
        Assert.True(details.CanDecide);
    }

    [Fact]
    public async Task GetRequestDetails_ResultRecorded_IsReturned()
    {
        await using var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        var request = await OverwriteAsync(host, w, await AlphaDumpAsync(host, w));
        await using (var db = await host.OpenAllAsync())
        {
            (await db.Requests.FirstAsync(r => r.Id == request)).RecordResult("""{"restore":{"status":"Succeeded"}}""", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var details = await host.RunAsync<GetRequestDetails, Result<RequestDetails>>(u => u.HandleAsync(new GetRequestDetailsQuery(request)));

        Assert.Equal("""{"restore":{"status":"Succeeded"}}""", details.Value!.ResultJson);
    }

    [Fact]
    public async Task ListApprovalInbox_DatabaseOverwrite_SaysWhatItOverwrites()
    {
        await using var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        var request = await OverwriteAsync(host, w, await AlphaDumpAsync(host, w));

        host.Principal.Current = w.AlphaPeople[Persona.SreEngineer];
        var inbox = (await host.RunAsync<ListApprovalInbox, Result<Page<RequestSummary>>>(u => u.HandleAsync(new ListApprovalInboxQuery(new PageRequest())))).ValueOrThrow();

        var item = Assert.Single(inbox.Items, r => r.Id == request);
        Assert.StartsWith("Overwrite database app on alpha-db with the dump of", item.About);
        var alphaRestore = Assert.Single(inbox.Items, r => r.Id == w.AlphaPendingRequest);
        Assert.Null(alphaRestore.About);
    }

    [Fact]
    public async Task ListRequests_ByDatabase_OnlyItsRequestsWithWhatTheyAreAbout()
    {
        await using var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        var request = await OverwriteAsync(host, w, await AlphaDumpAsync(host, w));

        var page = (await host.RunAsync<ListRequests, Result<Page<RequestSummary>>>(u =>
            u.HandleAsync(new ListRequestsQuery(new PageRequest(), DatabaseId: w.AlphaDatabase)))).ValueOrThrow();

        Assert.Equal(request, Assert.Single(page.Items).Id);
        Assert.Contains("alpha-nightly", page.Items[0].About);
    }

    public static IEnumerable<object[]> Personas() => Enum.GetValues<Persona>().Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task BravoDatabaseRequest_AsAlphaPersona_IsNotFoundAndNamedNowhere(Persona persona)
    {
        await using var host = await PortalTestHost.StartAsync();
        var w = await WalkWorld.SeedAsync(host);
        Guid bravoRequest;
        await using (var db = await host.OpenAllAsync())
        {
            var bravoDb = await db.DatabaseTargets.FirstAsync(d => d.Id == w.BravoDatabase);
            var r = OperationRequest.ForDatabase(RequestKind.DatabaseOverwrite, bravoDb.TenantId, bravoDb.ClusterId, bravoDb.Namespace,
                new DatabaseRestoreParameters(bravoDb.Id, w.BravoArtifact, RestoreTarget.SameDatabase, bravoDb.Id, "app", true), w.BravoOwner.UserId,
                w.BravoOwner.DisplayName, "bravo overwrite", DateTimeOffset.UtcNow);
            r.Submit(true, DateTimeOffset.UtcNow);
            db.Requests.Add(r);
            await db.SaveChangesAsync();
            bravoRequest = r.Id;
        }
        host.Principal.Current = w.AlphaPeople[persona];

        var details = await host.RunAsync<GetRequestDetails, Result<RequestDetails>>(u => u.HandleAsync(new GetRequestDetailsQuery(bravoRequest)));
        var inbox = await host.RunAsync<ListApprovalInbox, Result<Page<RequestSummary>>>(u => u.HandleAsync(new ListApprovalInboxQuery(new PageRequest())));
        var list = await host.RunAsync<ListRequests, Result<Page<RequestSummary>>>(u =>
            u.HandleAsync(new ListRequestsQuery(new PageRequest(), DatabaseId: w.BravoDatabase)));

        Assert.Equal(ErrorKind.NotFound, details.Error!.Kind);
        Assert.DoesNotContain(inbox.Value?.Items ?? [], r => r.Id == bravoRequest || (r.About ?? "").Contains("bravo"));
        Assert.Empty(list.Value?.Items ?? []);
    }
}
