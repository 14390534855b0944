using System.Text.Json.Nodes;
using Portal.Databases.Jobs;
using Portal.Databases.Messages;

namespace Portal.Databases.Tests.S3;

/// <summary>The upload container of a dump pod, run by dash with a fake <c>aws</c> on PATH and a directory as the bucket.</summary>
public sealed class S3UploadTests : IDisposable
{
    private const string Artifact = "shop/nightly-20250102T020000Z.dump";
    private readonly S3TestPod _pod = new();

    public void Dispose() => _pod.Dispose();

    private JsonObject Upload => S3TestPod.MainContainer(DumpJobManifests.Job(_pod.Dump(), "run-1"));

    [Fact]
    public async Task Upload_DumpSucceeded_ObjectInBucketAndMessageNamesTheS3Location()
    {
        var sha = _pod.LeaveDump(Artifact, "PGDMP custom dump bytes");

        var run = await _pod.RunAsync(Upload);

        Assert.True(run.ExitCode == 0, run.Stderr + run.TerminationMessage);
        var ok = Assert.IsType<DumpArtifactMessage.Succeeded>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Equal("s3://shop-backups/prod/databases/" + Artifact, ok.Artifact);
        Assert.Equal(sha, ok.Sha256);
        Assert.Equal("pg_dump 16.4", ok.Tool);
        Assert.Equal(7, ok.DurationSeconds);
        Assert.Equal(Artifact, S3TestPod.Bucket.ArtifactOf(ok.Artifact));
        Assert.Equal("PGDMP custom dump bytes", File.ReadAllText(_pod.Aws.PathOf(ok.Artifact)));
        Assert.Equal(["prod/databases/" + Artifact], _pod.Aws.Keys("shop-backups"));
        Assert.Contains($"--endpoint-url http://minio.storage:9000 s3 cp --only-show-errors {_pod.Mount}/{Artifact} s3://shop-backups/prod/databases/{Artifact}", _pod.Aws.Calls);
        Assert.Single(run.TerminationMessage.Trim().Split('\n'));
    }

    [Fact]
    public async Task Upload_AccessDenied_ReportsFailedWithTheUploadsErrorText()
    {
        _pod.LeaveDump(Artifact, "x");

        var run = await _pod.RunAsync(Upload, new() { ["FAKE_AWS_FAIL"] = "cp" });

        Assert.Equal(1, run.ExitCode);
        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("An error occurred (AccessDenied) when calling the PutObject operation: Access Denied", failed.Error, StringComparison.Ordinal);
        Assert.Empty(_pod.Aws.Keys("shop-backups"));
    }

    [Fact]
    public async Task Upload_WithoutCredentials_ReportsTheCliError()
    {
        _pod.LeaveDump(Artifact, "x");

        var run = await _pod.RunAsync(Upload, new() { ["AWS_ACCESS_KEY_ID"] = "" });

        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Contains("Unable to locate credentials", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_DumpFailed_ItsMessageAndExitCodeAreThePodsAndNothingIsUploaded()
    {
        const string dumpFailed = """{"status":"Failed","exitCode":3,"error":"pg_dump: error: connection to server at \"shop-db-rw\" failed: FATAL:  password authentication failed"}""";
        _pod.LeaveResult(dumpFailed);

        var run = await _pod.RunAsync(Upload);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(dumpFailed, run.TerminationMessage.Trim());
        Assert.Empty(_pod.Aws.Calls);
    }

    [Fact]
    public async Task Upload_NoResultLeft_ReportsThatTheDumpWasStopped()
    {
        var run = await _pod.RunAsync(Upload);

        Assert.Equal(1, run.ExitCode);
        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Contains("The dump ended without a result", failed.Error, StringComparison.Ordinal);
        Assert.Empty(_pod.Aws.Calls);
    }

    [Fact]
    public async Task Upload_ResultNamesAPathOutsideTheMount_IsRefused()
    {
        _pod.LeaveResult("""{"status":"Succeeded","artifact":"../../etc/passwd","sizeBytes":1,"sha256":"x"}""");

        var run = await _pod.RunAsync(Upload);

        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Contains("names no artifact that can be uploaded", failed.Error, StringComparison.Ordinal);
        Assert.Empty(_pod.Aws.Calls);
    }

    [Fact]
    public async Task DumpPod_DumpScriptFails_InitEndsZeroAndTheUploadReportsTheDumpsOwnFailure()
    {
        var job = DumpJobManifests.Job(_pod.Dump(), "run-1");
        var noHost = new Dictionary<string, string> { ["PGHOST"] = "", ["PGUSER"] = "app", ["PGPASSWORD"] = "pw" };

        var init = await _pod.RunAsync(S3TestPod.InitContainer(job), noHost);
        var upload = await _pod.RunAsync(S3TestPod.MainContainer(job));

        Assert.Equal(0, init.ExitCode);
        Assert.Equal("", init.TerminationMessage);
        Assert.Contains("PGHOST is not set", File.ReadAllText(_pod.HandOverFile), StringComparison.Ordinal);
        Assert.Equal(1, upload.ExitCode);
        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(upload.TerminationMessage));
        Assert.Contains("PGHOST is not set: the Job must pass the database host", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_DirectoryDump_UploadsEveryFileBelowTheArtifactsPrefix()
    {
        const string dir = "shop/nightly-20250102T020000Z.dir";
        Directory.CreateDirectory(Path.Combine(_pod.Mount, dir));
        File.WriteAllText(Path.Combine(_pod.Mount, dir, "toc.dat"), "toc");
        File.WriteAllText(Path.Combine(_pod.Mount, dir, "3001.dat.gz"), "data");
        _pod.LeaveResult($$"""{"status":"Succeeded","artifact":"{{dir}}","sizeBytes":7,"sha256":"{{new string('b', 64)}}","startedAt":"2025-01-02T02:00:00Z","completedAt":"2025-01-02T02:00:07Z","durationSeconds":7,"tool":"pg_dump 16.4"}""");

        var run = await _pod.RunAsync(Upload);

        Assert.True(run.ExitCode == 0, run.Stderr + run.TerminationMessage);
        Assert.Equal(["prod/databases/" + dir + "/3001.dat.gz", "prod/databases/" + dir + "/toc.dat"], _pod.Aws.Keys("shop-backups"));
        var ok = Assert.IsType<DumpArtifactMessage.Succeeded>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Equal("s3://shop-backups/prod/databases/" + dir, ok.Artifact);
    }
}
