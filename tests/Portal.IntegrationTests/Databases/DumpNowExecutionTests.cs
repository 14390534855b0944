using Portal.Application.Features.Databases;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Databases;

/// <summary>"Dump now" on the simulated cluster: the Job, the artifact read from its pod's termination message, the
/// tool's own error text when it fails, a replica killed mid-dump, and a cluster that is down.</summary>
public class DumpNowExecutionTests
{
    private const string PgDumpError = "pg_dump: error: connection to server at \\\"orders-pg.shop-frontend.svc\\\" (10.0.0.7), port 5432 failed: FATAL:  password authentication failed for user \\\"app\\\"";

    [CrdsFact]
    public async Task DumpNow_JobSucceeds_RecordsAnArtifactWithSizeChecksumAndLocation()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var created = await w.ScheduleAsync();
        await w.CompleteAsync(created.RequestId);

        var id = await w.DumpNowAsync(created.ScheduleId);
        var done = await w.CompleteAsync(id);

        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        var artifact = Assert.Single(await w.ArtifactsAsync(created.ScheduleId));
        Assert.Equal((DumpTrigger.Manual, DumpArtifactStatus.Succeeded, (Guid?)id), (artifact.Trigger, artifact.Status, artifact.RequestId));
        Assert.True(artifact.SizeBytes > 0);
        Assert.Matches("^[0-9a-f]{64}$", artifact.Sha256!);
        Assert.EndsWith(".dump", artifact.Location!, StringComparison.Ordinal);
        Assert.StartsWith("pg_dump", artifact.ToolVersion!, StringComparison.Ordinal);
        var job = Assert.Single(w.JobsLabelled("kubernetes-portal.io/request-id", id.ToString()));
        Assert.Equal(artifact.JobName, job["metadata"]!["name"]!.GetValue<string>());
        w.AssertValid("batch/v1", "Job", job, "apis__batch__v1_openapi.json");
        var result = DatabaseRunResults.Read<DumpRunResult>(await w.ResultJsonAsync(id))!;
        Assert.Equal((artifact.Id, "orders-dumps", artifact.Location, artifact.SizeBytes), (result.ArtifactId, result.VolumeClaim, result.Location, result.SizeBytes));
    }

    [Fact]
    public async Task DumpNow_JobFails_RecordsTheToolsErrorAndFailsTheRequestWithIt()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var created = await w.ScheduleAsync();
        await w.CompleteAsync(created.RequestId);
        w.World.Cluster.Faults.FailNextJob(message: $"{{\"status\":\"Failed\",\"exitCode\":1,\"error\":\"{PgDumpError}\"}}");

        var id = await w.DumpNowAsync(created.ScheduleId);
        var done = await w.CompleteAsync(id);

        var artifact = Assert.Single(await w.ArtifactsAsync(created.ScheduleId));
        Assert.Equal(DumpArtifactStatus.Failed, artifact.Status);
        Assert.Contains("password authentication failed for user \"app\"", artifact.Error);
        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains("pg_dump: error: connection to server", done.Summary.FailureReason);
        Assert.Contains("password authentication failed", done.Summary.FailureReason);
    }

    [Fact]
    public async Task DumpNow_ReplicaKilledMidDump_AnotherFinishesItWithoutASecondJob()
    {
        await using var w = await DatabaseWorld.CreateAsync(phaseStep: TimeSpan.FromMilliseconds(400));
        var created = await w.ScheduleAsync();
        await w.CompleteAsync(created.RequestId);
        var doomed = await w.World.AddReplicaAsync("doomed", lease: TimeSpan.FromSeconds(3));
        await w.World.Portal.KillExecutorAsync();

        var id = await w.DumpNowAsync(created.ScheduleId);
        await doomed.StartExecutorAsync();
        await w.World.WaitForAsync(id, d => d.Summary.Phase is "Pending" or "Running");
        await doomed.KillExecutorAsync();
        Assert.Single(w.JobsLabelled("kubernetes-portal.io/request-id", id.ToString()));

        var survivor = await w.World.AddReplicaAsync("survivor", lease: TimeSpan.FromSeconds(3));
        await survivor.StartExecutorAsync();
        var done = await w.World.WaitForAsync(id);

        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        Assert.True(done.Attempt >= 2, $"expected the request to be resumed by another executor, attempt {done.Attempt}");
        Assert.Single(w.JobsLabelled("kubernetes-portal.io/request-id", id.ToString()));
        Assert.Equal(DumpArtifactStatus.Succeeded, Assert.Single(await w.ArtifactsAsync(created.ScheduleId)).Status);
    }

    [Fact]
    public async Task DumpNow_ClusterDown_PausesWithARetryAndFinishesWhenItIsBack()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var created = await w.ScheduleAsync();
        await w.CompleteAsync(created.RequestId);
        await w.World.Cluster.StopAsync();

        var id = await w.DumpNowAsync(created.ScheduleId);
        var paused = await w.World.WaitForAsync(id, d => d.Timeline.Any(t => t.Kind == RequestEventKind.Retry));
        Assert.Equal(RequestStatus.Running, paused.Summary.Status);
        Assert.Contains("Cannot reach", paused.Summary.FailureReason);

        await w.World.Cluster.StartAgainAsync();
        var done = await w.World.WaitForAsync(id);
        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        Assert.Equal(DumpArtifactStatus.Succeeded, Assert.Single(await w.ArtifactsAsync(created.ScheduleId)).Status);
    }
}
