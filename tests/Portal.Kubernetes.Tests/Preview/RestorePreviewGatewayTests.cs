using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.ClusterSimulator;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Kubernetes.Preview;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Preview;

/// <summary>The preview gateway end to end against the simulator: a real DownloadRequest, the file fetched over TLS from
/// the simulator's own server, the request deleted afterwards; and the faults said in words.</summary>
public class RestorePreviewGatewayTests
{
    private static KubernetesRestorePreviewGateway Create(KubernetesGatewayOptions? options = null)
    {
        var opts = Options.Create(options ?? GatewayFactory.FastOptions());
        return new KubernetesRestorePreviewGateway(new KubernetesClientFactory(opts, NullLogger<KubernetesClientFactory>.Instance), opts,
            NullLogger<KubernetesRestorePreviewGateway>.Instance);
    }

    private static async Task<string> CompletedBackupAsync(SimulatedCluster sim, string ns = "shop-frontend")
    {
        var name = $"preview-{Guid.NewGuid():N}"[..20];
        await GatewayFactory.Create().EnsureBackupAsync(sim.Connection(), "velero", new VeleroBackupSpec(name, ns, TimeSpan.FromDays(1),
            VolumeBackupMode.Snapshot, "default", new Dictionary<string, string> { [PortalLabels.RequestId] = name }), CancellationToken.None);
        await Eventually.TrueAsync(() => sim.Store.Get("velero.io/v1", "Backup", "velero", name)?["status"]?["phase"]?.GetValue<string>() == "Completed",
            "the backup completed", TimeSpan.FromSeconds(20));
        return name;
    }

    [CrdsFact]
    public void DownloadRequest_AgainstRealCrd_IsValid()
    {
        var obj = VeleroObjectBuilder.DownloadRequest("portal-list-1", "velero", "BackupResourceList", "nightly-1",
            new Dictionary<string, string>());

        Assert.Empty(MiniCrdValidator.Validate(SharedCrds.PathTo("velero", "velero.io_downloadrequests.yaml"), obj));
        Assert.Equal("BackupResourceList", obj["spec"]!["target"]!["kind"]!.GetValue<string>());
    }

    [CrdsFact]
    public void DownloadRequest_UnknownTargetKind_IsRefusedByTheCrd()
    {
        // the check above must be able to fail
        var obj = VeleroObjectBuilder.DownloadRequest("portal-list-1", "velero", "BackupResources", "nightly-1", new Dictionary<string, string>());

        Assert.Contains(MiniCrdValidator.Validate(SharedCrds.PathTo("velero", "velero.io_downloadrequests.yaml"), obj),
            e => e.Contains("spec.target.kind"));
    }

    [Fact]
    public async Task ReadBackupResourceList_Simulator_ListsWhatTheBackupHoldsAndDeletesTheRequest()
    {
        await using var sim = await Simulator.StartAsync();
        var backup = await CompletedBackupAsync(sim);
        var gateway = Create();

        var list = await gateway.ReadBackupResourceListAsync(sim.Connection(), "velero", backup, CancellationToken.None);

        Assert.NotNull(list);
        Assert.Equal(["shop-frontend"], list.Items[new BackupKind("v1", "Namespace")]);
        var deployments = list.Items[new BackupKind("apps/v1", "Deployment")];
        Assert.NotEmpty(deployments);
        Assert.All(deployments, d => Assert.StartsWith("shop-frontend/", d));
        foreach (var deployment in sim.Store.List("apps/v1", "Deployment", "shop-frontend"))
            Assert.Contains($"shop-frontend/{deployment["metadata"]!["name"]}", deployments);
        Assert.Equal("Completed", list.Phase);
        Assert.Empty(sim.Store.List("velero.io/v1", "DownloadRequest", "velero"));
    }

    [Fact]
    public async Task ReadBackupResourceList_SecondRead_ComesFromMemoryWithoutAnotherDownloadRequest()
    {
        await using var sim = await Simulator.StartAsync();
        var backup = await CompletedBackupAsync(sim);
        var gateway = Create();
        var cluster = sim.Connection();
        var first = await gateway.ReadBackupResourceListAsync(cluster, "velero", backup, CancellationToken.None);
        // with the location down a new DownloadRequest would be refused: the second read must not need one
        sim.Faults.MakeLocationUnavailable("default");
        await Eventually.TrueAsync(() => sim.Store.Get("velero.io/v1", "BackupStorageLocation", "velero", "default")?["status"]?["phase"]?.GetValue<string>() == "Unavailable",
            "the location Unavailable", TimeSpan.FromSeconds(10));

        var second = await gateway.ReadBackupResourceListAsync(cluster, "velero", backup, CancellationToken.None);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task ReadBackupResourceList_LocationUnavailable_SaysSoInWords()
    {
        await using var sim = await Simulator.StartAsync();
        var backup = await CompletedBackupAsync(sim);
        sim.Faults.MakeLocationUnavailable("default", "AccessDenied");
        await Eventually.TrueAsync(() => sim.Store.Get("velero.io/v1", "BackupStorageLocation", "velero", "default")?["status"]?["phase"]?.GetValue<string>() == "Unavailable",
            "the location Unavailable", TimeSpan.FromSeconds(10));

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            Create().ReadBackupResourceListAsync(sim.Connection(), "velero", backup, CancellationToken.None));

        Assert.Contains("'default'", e.Message);
        Assert.Contains("Unavailable", e.Message);
        Assert.Contains("AccessDenied", e.Message);
    }

    [Fact]
    public async Task ReadBackupResourceList_VeleroNotProcessing_TimesOutNamingTheRequest()
    {
        await using var sim = await Simulator.StartAsync();
        var backup = await CompletedBackupAsync(sim);
        // a backup whose content never reached the bucket: Velero leaves the DownloadRequest New
        sim.Store.Put(JsonNode.Parse("""{"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"ghost","namespace":"velero"},"spec":{"storageLocation":"default"},"status":{"phase":"Completed"}}""")!);
        var options = GatewayFactory.FastOptions();
        options.DownloadRequestTimeout = TimeSpan.FromSeconds(3);

        var read = Create(options).ReadBackupResourceListAsync(sim.Connection(), "velero", "ghost", CancellationToken.None);
        // made by the one write path: a server-side apply by the portal's field manager, not a plain create
        JsonNode? made = null;
        await Eventually.TrueAsync(() => (made = sim.Store.List("velero.io/v1", "DownloadRequest", "velero").FirstOrDefault()) is not null,
            "the DownloadRequest made", TimeSpan.FromSeconds(3));
        var managers = made!["metadata"]!["managedFields"]!.AsArray();
        Assert.Contains(managers, m => m!["manager"]!.GetValue<string>() == "kubernetes-portal" && m["operation"]!.GetValue<string>() == "Apply");
        Assert.Equal("kubernetes-portal", made["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
        var e = await Assert.ThrowsAsync<ClusterWaitTimeoutException>(() => read);

        Assert.Contains("DownloadRequest", e.Message);
        Assert.Contains("resource list of backup ghost", e.Message);
        await Eventually.TrueAsync(() => sim.Store.List("velero.io/v1", "DownloadRequest", "velero").Count == 0, "the DownloadRequest deleted", TimeSpan.FromSeconds(5));
        Assert.NotNull(backup);
    }

    [Fact]
    public async Task ReadBackupResourceList_MissingBackup_IsNull()
    {
        await using var sim = await Simulator.StartAsync();

        Assert.Null(await Create().ReadBackupResourceListAsync(sim.Connection(), "velero", "no-such-backup", CancellationToken.None));
    }

    [Fact]
    public async Task ReadBackupResourceList_VeleroNotInstalled_IsToolMissing()
    {
        await using var sim = await Simulator.StartAsync();
        sim.Faults.VeleroInstalled = false;

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            Create().ReadBackupResourceListAsync(sim.Connection(), "velero", "anything", CancellationToken.None));

        Assert.Equal(ClusterFault.ToolMissing, e.Fault);
    }

    [Fact]
    public async Task ReadNamespaceContents_ListsNamesPerKind_AndSaysWhichKindsAreNotServed()
    {
        await using var sim = await Simulator.StartAsync();
        var deployment = new BackupKind("apps/v1", "Deployment");
        var unserved = new BackupKind("example.com/v1", "Widget");

        var live = await Create().ReadNamespaceContentsAsync(sim.Connection(), "shop-frontend", [deployment, unserved], CancellationToken.None);

        var expected = sim.Store.List("apps/v1", "Deployment", "shop-frontend").Select(d => d["metadata"]!["name"]!.GetValue<string>()).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.True(expected.SetEquals(live.Names[deployment]));
        Assert.Contains("does not serve Widget", live.Unknown[unserved]);
    }

    [Fact]
    public async Task Fetch_NotHttp_IsRefusedBeforeAnyConnection()
    {
        await using var sim = await Simulator.StartAsync();

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            ResourceListDownload.FetchAsync(sim.Connection(), "file:///etc/passwd", GatewayFactory.FastOptions(), CancellationToken.None));

        Assert.Equal(ClusterFault.Invalid, e.Fault);
        Assert.Contains("not http(s)", e.Message);
    }

    [Fact]
    public async Task Fetch_MetadataAddress_IsRefusedByTheAddressGuard()
    {
        await using var sim = await Simulator.StartAsync();

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            ResourceListDownload.FetchAsync(sim.Connection(), "http://169.254.169.254/latest/meta-data", GatewayFactory.FastOptions(), CancellationToken.None));

        Assert.Equal(ClusterFault.Unreachable, e.Fault);
        Assert.Contains("metadata", e.Message);
    }
}
