using System.Text.Json.Nodes;
using Portal.ClusterSimulator;
using Portal.Databases.Jobs;
using Portal.Databases.Messages;
using Portal.Databases.Tests.Support;

namespace Portal.Databases.Tests.Jobs;

/// <summary>The "dump now" Job runs to completion in the simulator's batch controller, and its pod can be found
/// by the owner label and carries a termination message the portal parses, with the artifact named as the script
/// would name it (on the claim, or in the bucket for the S3 pod shape).</summary>
public sealed class DumpJobSimulatorTests
{
    private static Task<SimulatedCluster> StartAsync() => SimulatedCluster.StartAsync(new SimulatorOptions
    {
        ClusterName = "dbjobs",
        Port = 0,
        CrdDirectory = SharedCrds.Directory,
        SeedDemoData = true,
        PhaseStepDelay = TimeSpan.FromMilliseconds(50),
    });

    [CrdsFact]
    public async Task Job_DumpNowInSimulator_CompletesAndPodFoundByOwnerLabelWithArtifactMessage()
    {
        await using var cluster = await StartAsync();
        var succeeded = await RunAsync(cluster, DumpJobManifests.Job(Workloads.Postgres(), "run-0001"));

        Assert.Matches(@"^shop/nightly-\d{8}T\d{6}Z\.dump$", succeeded.Artifact);
        Assert.Equal(succeeded.StartedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            succeeded.Artifact["shop/nightly-".Length..^".dump".Length]);
    }

    [CrdsFact]
    public async Task Job_DumpNowToS3InSimulator_TheUploadReportsTheS3Location()
    {
        await using var cluster = await StartAsync();
        var succeeded = await RunAsync(cluster, DumpJobManifests.Job(Workloads.PostgresToS3(), "run-0002"));

        Assert.Matches(@"^s3://shop-backups/prod/databases/shop/nightly-\d{8}T\d{6}Z\.dump$", succeeded.Artifact);
        Assert.Matches(@"^shop/nightly-\d{8}T\d{6}Z\.dump$", Workloads.Bucket.ArtifactOf(succeeded.Artifact));
        Assert.StartsWith("pg_dump 16", succeeded.Tool);
    }

    private static async Task<DumpArtifactMessage.Succeeded> RunAsync(SimulatedCluster cluster, JsonObject job)
    {
        var name = job["metadata"]!["name"]!.GetValue<string>();
        cluster.Store.Put(job);

        JsonObject? stored = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            stored = cluster.Store.Get("batch/v1", "Job", "shop-payments", name);
            if (stored?["status"]?["conditions"]?.AsArray().Any(c => c!["type"]!.GetValue<string>() is "Complete" or "Failed") == true)
                break;
            await Task.Delay(50);
        }

        Assert.Contains(stored!["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "Complete");
        var pods = cluster.Store.List("v1", "Pod", "shop-payments")
            .Where(p => p["metadata"]?["labels"]?[Workloads.OwnerLabel]?.GetValue<string>() == "nightly")
            .ToList();
        var pod = Assert.Single(pods);
        var message = pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["message"]!.GetValue<string>();
        return Assert.IsType<DumpArtifactMessage.Succeeded>(DumpArtifactMessage.Parse(message));
    }
}
