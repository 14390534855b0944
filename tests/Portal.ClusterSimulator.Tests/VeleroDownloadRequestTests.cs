using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Tests.Support;

namespace Portal.ClusterSimulator.Tests;

public sealed class VeleroDownloadRequestTests
{
    private const string DownloadRequests = "/apis/velero.io/v1/namespaces/velero/downloadrequests";

    private static JsonObject Request(string name, string backup, string kind = "BackupResourceList") => new()
    {
        ["apiVersion"] = "velero.io/v1",
        ["kind"] = "DownloadRequest",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
        ["spec"] = new JsonObject { ["target"] = new JsonObject { ["kind"] = kind, ["name"] = backup } },
    };

    private static async Task CompletedBackupAsync(ApiClient client, string name, string ns)
    {
        await client.PostAsync(Objects.Backups, Objects.Backup(name, ns));
        await Eventually.UntilAsync(async () => (await client.GetAsync($"{Objects.Backups}/{name}")).Body, b => Objects.Phase(b) == "Completed", "Completed");
    }

    [Fact]
    public async Task ResourceList_IsServedGzippedAsVeleroWritesIt_FromWhatTheBackupHolds()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);
        await CompletedBackupAsync(client, "b1", "shop-frontend");

        await client.PostAsync(DownloadRequests, Request("list-1", "b1"));
        var processed = await Eventually.UntilAsync(async () => (await client.GetAsync($"{DownloadRequests}/list-1")).Body,
            r => Objects.Phase(r) == "Processed", "Processed");

        var url = new Uri((string)processed["status"]!["downloadURL"]!);
        Assert.NotNull(processed["status"]!["expiration"]);
        Assert.Equal(cluster.Url.Authority, url.Authority);
        using var anonymous = new ApiClient(cluster, sendToken: false); // a pre-signed URL needs no credential
        using var response = await anonymous.RawAsync(HttpMethod.Get, url.PathAndQuery, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var list = (await JsonNode.ParseAsync(gzip))!.AsObject();
        Assert.Equal(["shop-frontend"], list["v1/Namespace"]!.AsArray().Select(n => (string)n!));
        var deployments = list["apps/v1/Deployment"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.Equal(cluster.Store.List("apps/v1", "Deployment", "shop-frontend").Select(d => $"shop-frontend/{d["metadata"]!["name"]}").Order(), deployments.Order());
        Assert.All(list, kv => Assert.Matches("^([a-z0-9.-]+/)?v[0-9a-z]+/[A-Z][A-Za-z]+$", kv.Key));
    }

    [Fact]
    public async Task Download_UnknownToken_IsForbiddenLikeAnExpiredPresignedUrl()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var anonymous = new ApiClient(cluster, sendToken: false);

        using var response = await anonymous.RawAsync(HttpMethod.Get, "/velero-downloads/not-a-token", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Request_ForAMissingBackup_StaysNew()
    {
        await using var cluster = await TestCluster.StartAsync();
        using var client = new ApiClient(cluster);

        await client.PostAsync(DownloadRequests, Request("list-2", "no-such-backup"));
        await Task.Delay(400);

        Assert.NotEqual("Processed", Objects.Phase((await client.GetAsync($"{DownloadRequests}/list-2")).Body));
    }

    [Fact]
    public async Task Request_WithATargetKindTheCrdDoesNotKnow_IsRefused()
    {
        await using var cluster = await TestCluster.StartAsync(crds: SharedCrds.Directory is { } dir ? Path.Combine(dir, "velero") : null);
        using var client = new ApiClient(cluster);

        var (code, body) = await client.PostAsync(DownloadRequests, Request("list-3", "b1", kind: "BackupEverything"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("spec.target.kind", body!.ToJsonString());
    }
}
