using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Restores;
using Portal.Application.Features.Databases.Schedules;
using Portal.Application.Features.Tenants;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Databases;

/// <summary>Database requests check again, right before they write, what was checked when they were asked (and when the
/// database was registered): the namespace still the tenant's, the credentials Secret and the dumps' claim still there.
/// When it no longer holds, the request fails in words and no Job is made.</summary>
public class DatabaseRecheckTests
{
    private const string RequestLabel = "kubernetes-portal.io/request-id";

    [Fact]
    public async Task RestoreIntoNewDatabase_WhenTheNamespaceWasTakenFromTheTenantBeforeItRan_FailsWithoutAJob()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var (artifact, _) = await DumpedAsync(w);
        var id = await SubmitWhileStoppedAsync(w, artifact);
        await ReleaseAsync(w, "shop-frontend");

        var done = await RunAsSystemAsync(w, id);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("shop-frontend on prod-east no longer belongs to your tenant", done.FailureReason);
        Assert.Contains("Nothing was restored", done.FailureReason);
        Assert.Empty(w.JobsLabelled(RequestLabel, id.ToString()));
    }

    [Fact]
    public async Task RestoreIntoNewDatabase_WhenTheCredentialsSecretWasDeleted_FailsWithoutAJob()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var (artifact, _) = await DumpedAsync(w);
        var id = await SubmitWhileStoppedAsync(w, artifact);
        Assert.NotNull(w.World.Cluster.Store.Delete("v1", "Secret", "shop-frontend", "shop-frontend-credentials"));

        var done = await RunAsSystemAsync(w, id);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("The Secret shop-frontend-credentials holding the credentials of orders-db no longer exists in namespace shop-frontend", done.FailureReason);
        Assert.Contains("Nothing was restored", done.FailureReason);
        Assert.Empty(w.JobsLabelled(RequestLabel, id.ToString()));
    }

    [Fact]
    public async Task RestoreIntoNewDatabase_WhenTheClaimHoldingTheDumpIsGone_FailsWithoutAJob()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var (artifact, _) = await DumpedAsync(w);
        var id = await SubmitWhileStoppedAsync(w, artifact);
        Assert.NotNull(w.World.Cluster.Store.Delete("v1", "PersistentVolumeClaim", "shop-frontend", "orders-dumps"));

        var done = await RunAsSystemAsync(w, id);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("The volume claim orders-dumps that holds the dumps no longer exists in namespace shop-frontend", done.FailureReason);
        Assert.Empty(w.JobsLabelled(RequestLabel, id.ToString()));
    }

    [Fact]
    public async Task DumpNow_WhenTheNamespaceWasGivenToAnotherTenant_FailsWithoutAJob()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var (_, scheduleId) = await DumpedAsync(w);
        await w.World.Portal.KillExecutorAsync();
        // A second dump right after the first is a different ask only by its reason (an identical one within the
        // duplicate window would be refused as already asked).
        var id = await w.Act<RunDumpNow, Guid>(u => u.HandleAsync(new RunDumpNowCommand(scheduleId, "second dump before the release")));
        await ReleaseAsync(w, "shop-frontend");
        w.World.As(w.World.Platform);
        var other = JourneyWorld.Ok(await w.World.Portal.RunAsync<CreateTenant, Result<Guid>>(u => u.HandleAsync(new CreateTenantCommand("billing", "Billing"))));
        JourneyWorld.Ok(await w.World.Portal.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(other, w.World.ClusterId, "shop-frontend"))));

        var done = await RunAsSystemAsync(w, id);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("it was given to another tenant", done.FailureReason);
        Assert.Contains("Nothing was dumped", done.FailureReason);
        Assert.Empty(w.JobsLabelled(RequestLabel, id.ToString()));
    }

    [Fact]
    public async Task ScheduleApply_WhenTheCredentialsSecretWasDeletedBeforeItRan_WritesNoCronJob()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var created = await w.ScheduleAsync();
        Assert.NotNull(w.World.Cluster.Store.Delete("v1", "Secret", "shop-frontend", "shop-frontend-credentials"));

        var done = await w.CompleteAsync(created.RequestId);
        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains("no longer exists in namespace shop-frontend. Nothing was written to the cluster.", done.Summary.FailureReason);
        Assert.Empty(w.Objects("batch/v1", "CronJob"));
        Assert.Null(w.World.Cluster.Store.Get("v1", "PersistentVolumeClaim", "shop-frontend", "orders-dumps"));
    }

    [Fact]
    public async Task ScheduleApply_ForADatabaseWhoseUserIsGivenLiterally_IsNotRefusedForAMissingUserKey()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        // The plain postgres image's case: the user is a literal value, only the password is read from the Secret.
        var literal = await w.Act<RegisterDatabase, Guid>(u => u.HandleAsync(new RegisterDatabaseCommand(w.World.NamespaceId, "orders-literal",
            DatabaseEngine.PostgreSql, "orders-pg", 5432, ["orders"], "shop-frontend-credentials", null, "password", 16, Username: "orders")));
        var created = await w.ScheduleAsync(name: "literal", claim: "literal-dumps", database: literal);

        var done = await w.CompleteAsync(created.RequestId);
        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        Assert.Single(w.Objects("batch/v1", "CronJob"));
    }

    /// <summary>A schedule applied and one dump of it made, with the executor running.</summary>
    private static async Task<(DumpArtifact Artifact, Guid ScheduleId)> DumpedAsync(DatabaseWorld w)
    {
        var created = await w.ScheduleAsync();
        await w.CompleteAsync(created.RequestId);
        Assert.Equal(RequestStatus.Succeeded, (await w.CompleteAsync(await w.DumpNowAsync(created.ScheduleId))).Summary.Status);
        return (Assert.Single(await w.ArtifactsAsync(created.ScheduleId)), created.ScheduleId);
    }

    /// <summary>A restore into a new database asked while the first executor is stopped, so the world can change before it runs.</summary>
    private static async Task<Guid> SubmitWhileStoppedAsync(DatabaseWorld w, DumpArtifact artifact)
    {
        await w.World.Portal.KillExecutorAsync();
        return await w.Act<RestoreDump, Guid>(u => u.HandleAsync(new RestoreDumpCommand(artifact.Id, RestoreTarget.NewDatabase, TargetDatabaseName: "orders_copy")));
    }

    private static async Task ReleaseAsync(DatabaseWorld w, string ns)
    {
        w.World.As(w.World.Platform);
        await using var db = await w.World.Portal.OpenAllAsync();
        var claim = await db.TenantNamespaces.FirstAsync(n => n.Namespace == ns && n.ClusterId == w.World.ClusterId);
        JourneyWorld.Ok(await w.World.Portal.RunAsync<ReleaseNamespace, Result<Unit>>(u => u.HandleAsync(new ReleaseNamespaceCommand(claim.Id))));
    }

    /// <summary>Runs the request on another replica's executor (the first one was stopped) and waits for the request's row
    /// (its tenant's people may no longer see it).</summary>
    private static async Task<OperationRequest> RunAsSystemAsync(DatabaseWorld w, Guid id)
    {
        await (await w.World.AddReplicaAsync("replica-b")).StartExecutorAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            await using (var db = await w.World.Portal.OpenAllAsync())
            {
                var r = await db.Requests.AsNoTracking().FirstAsync(x => x.Id == id);
                if (r.Status.IsTerminal() || DateTime.UtcNow > deadline) return r;
            }
            await Task.Delay(100);
        }
    }
}
