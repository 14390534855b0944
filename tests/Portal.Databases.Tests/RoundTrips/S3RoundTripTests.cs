using Portal.Databases.Jobs;
using Portal.Databases.Messages;
using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Databases.Tests.Jobs;
using Portal.Databases.Tests.S3;
using Portal.Databases.Tests.Support;
using Portal.Domain.Databases;

namespace Portal.Databases.Tests.RoundTrips;

/// <summary>
/// The S3 pods end to end against the real servers of tests/run-all.sh: the dump pod's two containers (the real
/// dump script, then the upload to the fake bucket), then a restore pod and a verification pod on fresh emptyDirs
/// (download and checksum, then the real restore and verification scripts), each container run as the kubelet would.
/// </summary>
[Collection(RoundTripCollection.Name)]
public sealed class S3RoundTripTests : IAsyncLifetime
{
    private readonly S3TestPod _pod = new();
    private PgServer? _pg;
    private MyServer? _my;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_pg is not null) await _pg.DisposeAsync();
        if (_my is not null) await _my.DisposeAsync();
        _pod.Dispose();
    }

    [Theory]
    [InlineData(PostgresDumpFormat.Custom)]
    [InlineData(PostgresDumpFormat.Directory)]
    public async Task Postgres_DumpToS3RestoreAndVerifyFromS3_TargetEqualsSource(PostgresDumpFormat format)
    {
        _pg = new PgServer();
        var source = await _pg.CreateSeededAsync();
        var env = _pg.JobEnvironment();
        var dump = _pod.Dump(RetentionPolicy.KeepLast(2)) with
        {
            Script = PostgresScripts.Dump(new PostgresDumpSpec { ScheduleId = "nightly", Database = source, Format = format, Destination = new ArtifactDirectory(_pod.Mount, "shop") }).GetScriptOrThrow(),
        };

        var dumped = await DumpAsync(dump, env);
        var artifact = new StoredArtifact(S3TestPod.Bucket.ArtifactOf(dumped.Artifact)!, dumped.Sha256);
        Assert.StartsWith("shop/nightly-", artifact.Path);

        _pod.NextPod();
        var target = _pg.NewName("restored_");
        var restoreScript = PostgresScripts.Restore(new PostgresRestoreSpec { MountPath = _pod.Mount, Artifact = artifact.Path, ExpectedSha256 = artifact.Sha256, TargetDatabase = target }).GetScriptOrThrow();
        var restored = await RunPodAsync(DumpJobManifests.RestoreJob(_pod.Restore(artifact, restoreScript), "run-2"), env);
        Assert.Equal("Succeeded", System.Text.Json.JsonDocument.Parse(restored).RootElement.GetProperty("status").GetString());
        Assert.Equal(await _pg.SnapshotAsync(source), await _pg.SnapshotAsync(target));

        _pod.NextPod();
        var verifyScript = PostgresScripts.Verify(new VerifySpec { MountPath = _pod.Mount, Artifact = artifact.Path, Database = target }).GetScriptOrThrow();
        var report = VerificationReport.Parse(await RunPodAsync(DumpJobManifests.VerifyJob(_pod.Restore(artifact, verifyScript), "run-3"), env));
        Assert.NotNull(report);
        Assert.True(report.Complete);
        Assert.Equal(4, report.TocTables);
    }

    [Fact]
    public async Task MariaDb_DumpToS3AndRestoreFromS3_TargetEqualsSource()
    {
        _my = new MyServer();
        var source = await _my.CreateSeededAsync();
        var env = _my.JobEnvironment();
        var dump = Workloads.MySqlToS3() with
        {
            MountPath = _pod.Mount,
            Engine = DatabaseEngine.MariaDb,
            Script = MySqlScripts.Dump(new MySqlDumpSpec { ScheduleId = "hourly", Engine = DatabaseEngine.MariaDb, Databases = [source], Destination = new ArtifactDirectory(_pod.Mount) }).GetScriptOrThrow(),
        };

        var dumped = await DumpAsync(dump, env);
        Assert.Matches(@"^s3://shop-backups/prod/databases/hourly-\d{8}T\d{6}Z\.mysql\.sql\.gz$", dumped.Artifact);

        _pod.NextPod();
        var artifact = new StoredArtifact(S3TestPod.Bucket.ArtifactOf(dumped.Artifact)!, dumped.Sha256);
        var target = _my.NewName("restored_");
        var script = MySqlScripts.Restore(new MySqlRestoreSpec { Engine = DatabaseEngine.MariaDb, MountPath = _pod.Mount, Artifact = artifact.Path, ExpectedSha256 = artifact.Sha256, TargetDatabase = target }).GetScriptOrThrow();
        var restore = Workloads.MySqlToS3() with { MountPath = _pod.Mount, Engine = DatabaseEngine.MariaDb, Script = script, Artifact = artifact, Retention = RetentionPolicy.KeepAll };
        await RunPodAsync(DumpJobManifests.RestoreJob(restore, "run-2"), env);

        Assert.Equal(await _my.SnapshotAsync(source), await _my.SnapshotAsync(target));
    }

    private async Task<DumpArtifactMessage.Succeeded> DumpAsync(DumpWorkload w, Dictionary<string, string> env)
    {
        var job = DumpJobManifests.Job(w, "run-1");
        var init = await _pod.RunAsync(S3TestPod.InitContainer(job), env);
        Assert.True(init.ExitCode == 0, init.Stderr);
        var upload = await _pod.RunAsync(S3TestPod.MainContainer(job));
        Assert.True(upload.ExitCode == 0, upload.Stderr + upload.TerminationMessage);
        var ok = Assert.IsType<DumpArtifactMessage.Succeeded>(DumpArtifactMessage.Parse(upload.TerminationMessage));
        var local = ArtifactChecksum.Compute(_pod.Aws.PathOf(ok.Artifact));
        Assert.Equal((local.Size, local.Sha256), (ok.SizeBytes, ok.Sha256));
        return ok;
    }

    /// <summary>Runs the download (init) and the database (main) container; returns the main one's termination message.</summary>
    private async Task<string> RunPodAsync(System.Text.Json.Nodes.JsonObject job, Dictionary<string, string> env)
    {
        var download = await _pod.RunAsync(S3TestPod.InitContainer(job));
        Assert.True(download.ExitCode == 0 && !File.Exists(_pod.HandOverFile), download.Stderr);
        var main = await _pod.RunAsync(S3TestPod.MainContainer(job), env);
        Assert.True(main.ExitCode == 0, main.Stderr + main.TerminationMessage);
        return main.TerminationMessage;
    }
}
