using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Restores;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Databases;

/// <summary>Dumps kept in an S3 bucket: the pod dumps onto an emptyDir and uploads, a restore downloads and checks first,
/// and a restore where the bucket's credentials are missing fails in words before any Job.</summary>
public class S3DumpExecutionTests
{
    private static readonly DumpDestination Bucket = new(DumpDestinationKind.S3, S3Endpoint: "https://minio.storage.example:9000",
        S3Bucket: "portal-dumps", S3Prefix: "prod", S3CredentialsSecret: "dump-bucket");

    [CrdsFact]
    public async Task S3Schedule_DumpNowThenRestore_UploadsThenDownloadsAndVerifies()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var artifact = await DumpedToBucketAsync(w);
        Assert.StartsWith("s3://portal-dumps/prod/orders-db/", artifact.Location, StringComparison.Ordinal);
        Assert.EndsWith(".dump", artifact.Location, StringComparison.Ordinal);

        var id = await w.Act<RestoreDump, Guid>(u => u.HandleAsync(new RestoreDumpCommand(artifact.Id, RestoreTarget.NewDatabase, TargetDatabaseName: "orders_copy")));
        var done = await w.CompleteAsync(id);

        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        Assert.Equal(5, DatabaseRunResults.Read<DatabaseRestoreResult>(await w.ResultJsonAsync(id))!.Verification!.TableCount);
        Assert.All(w.JobsLabelled("kubernetes-portal.io/request-id", id.ToString()), job =>
        {
            w.AssertValid("batch/v1", "Job", job, "apis__batch__v1_openapi.json");
            var pod = job["spec"]!["template"]!["spec"]!;
            Assert.Equal("download", pod["initContainers"]![0]!["name"]!.GetValue<string>());
            Assert.Contains(pod["volumes"]!.AsArray(), v => v!["emptyDir"] is not null && v["name"]!.GetValue<string>() == "dumps");
        });
    }

    [Fact]
    public async Task S3Restore_IntoANamespaceWithoutTheBucketsCredentials_FailsSayingSoWithoutAJob()
    {
        await using var w = await DatabaseWorld.CreateAsync();
        var artifact = await DumpedToBucketAsync(w);
        var other = await w.RegisterOperatorDatabaseAsync(); // shop-db in shop-payments, where dump-bucket does not exist

        var id = await w.Act<RestoreDump, Guid>(u => u.HandleAsync(new RestoreDumpCommand(artifact.Id, RestoreTarget.OtherDatabase, other,
            TargetDatabaseName: "orders_copy")));
        var done = await w.CompleteAsync(id);

        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains("no Secret dump-bucket", done.Summary.FailureReason);
        Assert.Contains("Copy the Secret into shop-payments", done.Summary.FailureReason);
        Assert.Empty(w.JobsLabelled("kubernetes-portal.io/request-id", id.ToString(), "shop-payments"));
    }

    private static async Task<DumpArtifact> DumpedToBucketAsync(DatabaseWorld w)
    {
        w.PutS3Secret("dump-bucket");
        var created = await w.ScheduleAsync(destination: Bucket);
        Assert.Equal(RequestStatus.Succeeded, (await w.CompleteAsync(created.RequestId)).Summary.Status);
        var dumped = await w.CompleteAsync(await w.DumpNowAsync(created.ScheduleId));
        Assert.True(dumped.Summary.Status == RequestStatus.Succeeded, dumped.Summary.FailureReason);
        return Assert.Single(await w.ArtifactsAsync(created.ScheduleId));
    }
}
