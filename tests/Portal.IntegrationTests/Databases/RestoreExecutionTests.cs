using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Restores;
using Portal.Application.Features.Requests.Decide;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Databases;

/// <summary>A dump restored into a new database on the simulated cluster, then verified: the report lands in the
/// request's result, and missing tables make the request partially failed in words.</summary>
public class RestoreExecutionTests
{
    [CrdsFact]
    public async Task Restore_WithVerification_RecordsTheTablesAndRowsInTheResult()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var artifact = await DumpedAsync(w);

        var id = await RestoreAsync(w, artifact);
        var done = await w.CompleteAsync(id);

        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        var result = DatabaseRunResults.Read<DatabaseRestoreResult>(await w.ResultJsonAsync(id))!;
        Assert.Equal(("Succeeded", "orders_copy", artifact.Location), (result.Restore.Status, result.Restore.Database, result.Restore.Artifact));
        var verification = result.Verification!;
        Assert.Equal(5, verification.TableCount);
        Assert.Contains(verification.Tables, t => t is { Schema: "public", Name: "orders", Rows: > 0 });
        Assert.Equal((5, 0), (verification.TocTables, verification.MissingCount));
        var jobs = w.JobsLabelled("kubernetes-portal.io/request-id", id.ToString()).Select(j => j["metadata"]!["name"]!.GetValue<string>()).Order().ToList();
        Assert.Equal([$"orders-db-restore-{id.ToString("N")[^8..]}", $"orders-db-verify-{id.ToString("N")[^8..]}"], jobs);
        Assert.All(w.JobsLabelled("kubernetes-portal.io/request-id", id.ToString()), j =>
        {
            w.AssertValid("batch/v1", "Job", j, "apis__batch__v1_openapi.json");
            Assert.Equal("orders-dumps", j["spec"]!["template"]!["spec"]!["volumes"]![0]!["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Restore_VerificationFindsTablesMissing_PartiallyFailsNamingThem()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var artifact = await DumpedAsync(w);
        w.World.Cluster.Faults.ReportFromNextJob("orders-db-verify-",
            """{"tables":[{"schema":"public","name":"customers","rows":120}],"tocTables":3,"missing":["public.orders","public.order_items"]}""");

        var id = await RestoreAsync(w, artifact);
        var done = await w.CompleteAsync(id);

        Assert.Equal(RequestStatus.PartiallyFailed, done.Summary.Status);
        Assert.Contains("orders_copy was restored, but 2 table(s) of the dump are not in it: public.orders, public.order_items", done.Summary.FailureReason);
        var verification = DatabaseRunResults.Read<DatabaseRestoreResult>(await w.ResultJsonAsync(id))!.Verification!;
        Assert.Equal(["public.orders", "public.order_items"], verification.Missing);
        Assert.Equal(120, Assert.Single(verification.Tables).Rows);
    }

    [Fact]
    public async Task Overwrite_ApprovedByAnSre_RestoresOverTheDatabaseWithClean()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var artifact = await DumpedAsync(w);
        var id = await w.Act<RestoreDump, Guid>(u => u.HandleAsync(new RestoreDumpCommand(artifact.Id, RestoreTarget.SameDatabase, Confirmation: "orders",
            Verify: false)));
        w.World.As(w.World.Sre);
        JourneyWorld.Ok(await w.World.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(id, true, null))));

        var done = await w.World.WaitForAsync(id);

        Assert.Equal((RequestKind.DatabaseOverwrite, RequestStatus.Succeeded), (done.Summary.Kind, done.Summary.Status));
        var job = Assert.Single(w.JobsLabelled("kubernetes-portal.io/request-id", id.ToString()));
        var script = job["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]![2]!.GetValue<string>();
        Assert.Contains("pg_restore --no-owner --exit-on-error --clean --if-exists", script);
        Assert.Null(DatabaseRunResults.Read<DatabaseRestoreResult>(await w.ResultJsonAsync(id))!.Verification);
    }

    private static async Task<DumpArtifact> DumpedAsync(DatabaseWorld w)
    {
        var created = await w.ScheduleAsync();
        await w.CompleteAsync(created.RequestId);
        Assert.Equal(RequestStatus.Succeeded, (await w.CompleteAsync(await w.DumpNowAsync(created.ScheduleId))).Summary.Status);
        return Assert.Single(await w.ArtifactsAsync(created.ScheduleId));
    }

    private static Task<Guid> RestoreAsync(DatabaseWorld w, DumpArtifact artifact) =>
        w.Act<RestoreDump, Guid>(u => u.HandleAsync(new RestoreDumpCommand(artifact.Id, RestoreTarget.NewDatabase, TargetDatabaseName: "orders_copy")));
}
