using System.Text.Json;
using Portal.Databases.Jobs;
using Portal.Databases.Messages;
using Portal.Databases.Tests.Support;

namespace Portal.Databases.Tests.S3;

/// <summary>Restore and verification pods from S3: the download (init) container fetches the artifact into the
/// emptyDir and checks its sha256; the database container then runs its script, or reports the download's failure.</summary>
public sealed class S3DownloadTests : IDisposable
{
    private const string Artifact = "shop/nightly-20250101T023000Z.dump";
    private const string Location = "s3://shop-backups/prod/databases/" + Artifact;

    /// <summary>Stands for the restore script: proves it ran, and that it saw the downloaded artifact.</summary>
    private const string FakeRestore = """
        set -eu
        printf '{"status":"Succeeded","seen":"%s"}\n' "$(cat "$ARTIFACT_PATH")" > "$TERMINATION_LOG"
        """;

    private readonly S3TestPod _pod = new();

    public void Dispose() => _pod.Dispose();

    private string Sha(string content)
    {
        var file = Path.Combine(_pod.Mount, "..", "sha-probe");
        File.WriteAllText(file, content);
        return ArtifactChecksum.Compute(file).Sha256;
    }

    private async Task<(ShResult Download, ShResult Restore)> RunAsync(string sha, bool verify = false)
    {
        var w = _pod.Restore(new StoredArtifact(Artifact, sha), FakeRestore);
        var job = verify ? DumpJobManifests.VerifyJob(w, "run-1") : DumpJobManifests.RestoreJob(w, "run-1");
        var env = new Dictionary<string, string> { ["PGUSER"] = "app", ["PGPASSWORD"] = "pw", ["ARTIFACT_PATH"] = Path.Combine(_pod.Mount, Artifact) };
        var download = await _pod.RunAsync(S3TestPod.InitContainer(job));
        var restore = await _pod.RunAsync(S3TestPod.MainContainer(job), env);
        return (download, restore);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Download_ChecksumMatches_ArtifactInPlaceAndTheScriptRuns(bool verify)
    {
        _pod.Aws.Put(Location, "PGDMP bytes");

        var (download, restore) = await RunAsync(Sha("PGDMP bytes"), verify);

        Assert.True(download.ExitCode == 0, download.Stderr);
        Assert.Equal("PGDMP bytes", File.ReadAllText(Path.Combine(_pod.Mount, Artifact)));
        Assert.False(File.Exists(_pod.HandOverFile));
        Assert.True(restore.ExitCode == 0, restore.Stderr);
        Assert.Equal("PGDMP bytes", JsonDocument.Parse(restore.TerminationMessage).RootElement.GetProperty("seen").GetString());
        Assert.Contains($"--endpoint-url http://minio.storage:9000 s3 cp --only-show-errors {Location} {_pod.Mount}/{Artifact}", _pod.Aws.Calls);
    }

    [Fact]
    public async Task Download_ChecksumDiffers_RestoreDoesNotRunAndReportsTheCorruption()
    {
        _pod.Aws.Put(Location, "tampered bytes");

        var (download, restore) = await RunAsync(Sha("PGDMP bytes"));

        Assert.Equal(0, download.ExitCode);
        Assert.False(File.Exists(Path.Combine(_pod.Mount, Artifact)));
        Assert.Equal(1, restore.ExitCode);
        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(restore.TerminationMessage));
        Assert.Contains($"The artifact {Location} is corrupted", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("seen", restore.TerminationMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_ObjectMissing_RestoreReportsTheS3Error()
    {
        var (_, restore) = await RunAsync(Sha("PGDMP bytes"));

        Assert.Equal(1, restore.ExitCode);
        var failed = Assert.IsType<DumpArtifactMessage.Failed>(DumpArtifactMessage.Parse(restore.TerminationMessage));
        Assert.Contains("An error occurred (404) when calling the HeadObject operation", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_DirectoryDump_FetchesEveryFileAndChecksTheDirectorysSum()
    {
        const string dir = "shop/nightly-20250101T023000Z.dir";
        _pod.Aws.Put("s3://shop-backups/prod/databases/" + dir + "/toc.dat", "toc");
        _pod.Aws.Put("s3://shop-backups/prod/databases/" + dir + "/3001.dat.gz", "rows");
        var sha = ArtifactChecksum.Compute(_pod.Aws.PathOf("s3://shop-backups/prod/databases/" + dir)).Sha256;
        var job = DumpJobManifests.RestoreJob(_pod.Restore(new StoredArtifact(dir, sha), FakeRestore), "run-1");

        var download = await _pod.RunAsync(S3TestPod.InitContainer(job));

        Assert.True(download.ExitCode == 0, download.Stderr);
        Assert.False(File.Exists(_pod.HandOverFile), File.Exists(_pod.HandOverFile) ? File.ReadAllText(_pod.HandOverFile) : "");
        Assert.Equal(["3001.dat.gz", "toc.dat"], Directory.GetFiles(Path.Combine(_pod.Mount, dir)).Select(f => Path.GetFileName(f)!).Order().ToArray());
    }
}
