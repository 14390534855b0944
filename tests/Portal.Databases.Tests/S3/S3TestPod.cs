using System.Text.Json.Nodes;
using Portal.Databases.Jobs;
using Portal.Databases.Scripts;
using Portal.Databases.Specs;
using Portal.Databases.Tests.Jobs;
using Portal.Databases.Tests.Support;

namespace Portal.Databases.Tests.S3;

/// <summary>One S3 pod's world for a test: its emptyDir (a temp directory used as the mount path), the fake bucket,
/// and the containers of the generated manifests, run with <see cref="PodRun"/>.</summary>
internal sealed class S3TestPod : IDisposable
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";

    private readonly TempDir _dir = new();

    public S3TestPod() => Directory.CreateDirectory(Mount);

    public FakeAws Aws { get; } = new();

    /// <summary>The pod's emptyDir, at the workload's mount path.</summary>
    public string Mount => Path.Combine(_dir.Path, "backup");

    public static DumpStorage.S3 Bucket => Workloads.Bucket;

    /// <summary>What the kubelet takes from the credentials Secret.</summary>
    public static Dictionary<string, string> Keys() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    };

    public DumpWorkload Dump(RetentionPolicy? retention = null) => Workloads.PostgresToS3() with
    {
        MountPath = Mount,
        Script = PostgresScripts.Dump(new PostgresDumpSpec { ScheduleId = "nightly", Database = "app", Destination = new ArtifactDirectory(Mount, "shop") }).GetScriptOrThrow(),
        Retention = retention ?? RetentionPolicy.KeepAll,
    };

    public DumpWorkload Restore(StoredArtifact artifact, string script) => Workloads.PostgresRestoreFromS3() with
    {
        MountPath = Mount, Artifact = artifact, Script = script,
    };

    public static JsonObject PodSpec(JsonObject job) => job["spec"]!["template"]!["spec"]!.AsObject();

    public static JsonObject InitContainer(JsonObject job) => PodSpec(job)["initContainers"]![0]!.AsObject();

    public static JsonObject MainContainer(JsonObject job) => PodSpec(job)["containers"]![0]!.AsObject();

    /// <summary>What the dump (init) container would have left: the artifact and its one-line result.</summary>
    public string LeaveDump(string relative, string content)
    {
        var path = Path.Combine(Mount, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        var (size, sha) = ArtifactChecksum.Compute(path);
        LeaveResult($$"""{"status":"Succeeded","artifact":"{{relative}}","sizeBytes":{{size}},"sha256":"{{sha}}","startedAt":"2025-01-02T02:00:00Z","completedAt":"2025-01-02T02:00:07Z","durationSeconds":7,"tool":"pg_dump 16.4"}""");
        return sha;
    }

    public void LeaveResult(string json) => File.WriteAllText(HandOverFile, json + "\n");

    public string HandOverFile => Path.Combine(Mount, HandOver.FileName);

    /// <summary>The next pod: a fresh emptyDir (the bucket stays).</summary>
    public void NextPod()
    {
        Directory.Delete(Mount, recursive: true);
        Directory.CreateDirectory(Mount);
    }

    public Task<ShResult> RunAsync(JsonObject container, Dictionary<string, string>? extra = null)
    {
        var given = Keys();
        foreach (var (k, v) in extra ?? []) given[k] = v;
        return PodRun.RunAsync(container, given, Aws);
    }

    public void Dispose()
    {
        Aws.Dispose();
        _dir.Dispose();
    }
}
