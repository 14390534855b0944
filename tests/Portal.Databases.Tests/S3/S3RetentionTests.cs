using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Databases.Jobs;
using Portal.Databases.Messages;
using Portal.Databases.Specs;

namespace Portal.Databases.Tests.S3;

/// <summary>Retention in the bucket after an upload: only this schedule's artifacts (same name shape, same extension,
/// beside the new one) are ever removed, and a failing listing never fails the dump.</summary>
public sealed class S3RetentionTests : IDisposable
{
    private const string Dir = "s3://shop-backups/prod/databases/shop/";
    private readonly S3TestPod _pod = new();

    public void Dispose() => _pod.Dispose();

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Everything a careless retention could hit: other schedules, other extensions, look-alikes, other folders.</summary>
    private void PutNeighbours()
    {
        _pod.Aws.Put(Dir + "nightly-eu-20240101T000000Z.dump");
        _pod.Aws.Put(Dir + "nightly-20240101T000000Z.sql.gz");
        _pod.Aws.Put(Dir + "nightly-20240101T000000Z.dump.bak");
        _pod.Aws.Put(Dir + "nightly-2024010T000000Z.dump");
        _pod.Aws.Put(Dir + "old-nightly-20240101T000000Z.dump");
        _pod.Aws.Put(Dir + "README.txt");
        _pod.Aws.Put("s3://shop-backups/prod/databases/other/nightly-20240101T000000Z.dump");
        _pod.Aws.Put("s3://shop-backups/prod/databases/nightly-20240101T000000Z.dump");
        _pod.Aws.Put("s3://shop-backups/unrelated/nightly-20240101T000000Z.dump");
    }

    private async Task<DumpArtifactMessage.Succeeded> UploadAsync(RetentionPolicy retention, string artifact)
    {
        _pod.LeaveDump(artifact, "new dump");
        var run = await _pod.RunAsync(S3TestPod.MainContainer(DumpJobManifests.Job(_pod.Dump(retention), "run-1")));
        Assert.True(run.ExitCode == 0, run.Stderr + run.TerminationMessage);
        return Assert.IsType<DumpArtifactMessage.Succeeded>(DumpArtifactMessage.Parse(run.TerminationMessage));
    }

    [Fact]
    public async Task KeepLast3_RemovesOnlyTheOldestOfThisSchedule()
    {
        PutNeighbours();
        foreach (var day in new[] { 1, 2, 3, 4, 5 })
            _pod.Aws.Put($"{Dir}nightly-2024120{day}T020000Z.dump");

        await UploadAsync(RetentionPolicy.KeepLast(3), "shop/nightly-20250102T020000Z.dump");

        var keys = _pod.Aws.Keys("shop-backups");
        Assert.Equal(["nightly-20241204T020000Z.dump", "nightly-20241205T020000Z.dump", "nightly-20250102T020000Z.dump"],
            keys.Where(k => Regex.IsMatch(k, @"^prod/databases/shop/nightly-\d{8}T\d{6}Z\.dump$")).Select(k => k["prod/databases/shop/".Length..]));
        Assert.Equal(9 + 3, keys.Count);
        Assert.Equal(3, _pod.Aws.Calls.Count(c => c.Contains(" s3 rm ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task KeepLast1_OnlyTheNewOneStays()
    {
        _pod.Aws.Put($"{Dir}nightly-20241201T020000Z.dump");

        await UploadAsync(RetentionPolicy.KeepLast(1), "shop/nightly-20250102T020000Z.dump");

        Assert.Equal(["prod/databases/shop/nightly-20250102T020000Z.dump"], _pod.Aws.Keys("shop-backups"));
    }

    [Fact]
    public async Task OlderThan7Days_RemovesOnlyThisSchedulesOldArtifacts()
    {
        PutNeighbours();
        var now = DateTimeOffset.UtcNow;
        var old = $"nightly-{Stamp(now.AddDays(-30))}.dump";
        var recent = $"nightly-{Stamp(now.AddDays(-2))}.dump";
        _pod.Aws.Put(Dir + old);
        _pod.Aws.Put(Dir + recent);

        await UploadAsync(RetentionPolicy.OlderThanDays(7), $"shop/nightly-{Stamp(now)}.dump");

        var keys = _pod.Aws.Keys("shop-backups");
        Assert.DoesNotContain("prod/databases/shop/" + old, keys);
        Assert.Contains("prod/databases/shop/" + recent, keys);
        Assert.Equal(9 + 2, keys.Count);
    }

    [Fact]
    public async Task KeepLast1_DirectoryDumps_RemovesTheOldPrefixWithAllItsFiles()
    {
        _pod.Aws.Put($"{Dir}nightly-20241201T020000Z.dir/toc.dat");
        _pod.Aws.Put($"{Dir}nightly-20241201T020000Z.dir/3001.dat.gz");
        _pod.Aws.Put($"{Dir}nightly-eu-20241201T020000Z.dir/toc.dat");
        const string artifact = "shop/nightly-20250102T020000Z.dir";
        Directory.CreateDirectory(Path.Combine(_pod.Mount, artifact));
        File.WriteAllText(Path.Combine(_pod.Mount, artifact, "toc.dat"), "toc");
        _pod.LeaveResult($$"""{"status":"Succeeded","artifact":"{{artifact}}","sizeBytes":3,"sha256":"{{new string('c', 64)}}","startedAt":"2025-01-02T02:00:00Z","completedAt":"2025-01-02T02:00:01Z","durationSeconds":1,"tool":"pg_dump 16.4"}""");

        var run = await _pod.RunAsync(S3TestPod.MainContainer(DumpJobManifests.Job(_pod.Dump(RetentionPolicy.KeepLast(1)), "run-1")));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["prod/databases/shop/nightly-20250102T020000Z.dir/toc.dat", "prod/databases/shop/nightly-eu-20241201T020000Z.dir/toc.dat"],
            _pod.Aws.Keys("shop-backups"));
    }

    [Fact]
    public async Task RemovalFails_TheDumpStillSucceeds()
    {
        _pod.Aws.Put($"{Dir}nightly-20241201T020000Z.dump");
        _pod.LeaveDump("shop/nightly-20250102T020000Z.dump", "new dump");

        var run = await _pod.RunAsync(S3TestPod.MainContainer(DumpJobManifests.Job(_pod.Dump(RetentionPolicy.KeepLast(1)), "run-1")),
            new() { ["FAKE_AWS_FAIL"] = "rm" });

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.IsType<DumpArtifactMessage.Succeeded>(DumpArtifactMessage.Parse(run.TerminationMessage));
        Assert.Contains("retention: could not remove", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, _pod.Aws.Keys("shop-backups").Count);
    }

    [Fact]
    public async Task KeepAll_NeverListsNorRemoves()
    {
        _pod.Aws.Put($"{Dir}nightly-20241201T020000Z.dump");

        await UploadAsync(RetentionPolicy.KeepAll, "shop/nightly-20250102T020000Z.dump");

        Assert.DoesNotContain(_pod.Aws.Calls, c => c.Contains(" s3 ls ", StringComparison.Ordinal) || c.Contains(" s3 rm ", StringComparison.Ordinal));
        Assert.Equal(2, _pod.Aws.Keys("shop-backups").Count);
    }
}
