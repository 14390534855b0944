using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.ClusterSimulator;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests;

/// <summary>The gateway end to end against the HTTPS simulator (real TLS with its own CA, bearer token, Velero controller).</summary>
public class SimulatorGatewayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static VeleroBackupSpec Backup(string name, string requestId, string ns = "shop-frontend") =>
        new(name, ns, TimeSpan.FromDays(7), VolumeBackupMode.Snapshot, "default",
            new Dictionary<string, string> { [PortalLabels.RequestId] = requestId, [PortalLabels.Tenant] = "shop" });

    private static async Task<List<VeleroObjectStatus>> Follow(KubernetesClusterGateway gateway, ClusterConnection c,
        VeleroObjectKind kind, string name)
    {
        using var cts = new CancellationTokenSource(Patience);
        var seen = new List<VeleroObjectStatus>();
        await foreach (var s in gateway.WatchVeleroObjectAsync(c, "velero", kind, name, cts.Token))
        {
            seen.Add(s);
        }

        return seen;
    }

    [Fact]
    public async Task Probe_Simulator_ReturnsVersion()
    {
        await using var sim = await Simulator.StartAsync();

        var probe = await GatewayFactory.Create().ProbeAsync(sim.Connection(), CancellationToken.None);

        Assert.False(string.IsNullOrWhiteSpace(probe.ServerVersion));
    }

    [Fact]
    public async Task ParseKubeconfig_SimulatorKubeconfig_IsAcceptedWithTokenAndCa()
    {
        await using var sim = await Simulator.StartAsync();

        var parsed = GatewayFactory.Create().ParseKubeconfig(sim.Kubeconfig);

        Assert.True(parsed.UsesBearerToken);
        Assert.False(parsed.InsecureSkipTlsVerify);
        Assert.Equal(sim.Url.ToString().TrimEnd('/'), parsed.ServerUrl.TrimEnd('/'));
    }

    [Fact]
    public async Task Probe_WrongToken_IsUnauthorized()
    {
        await using var sim = await Simulator.StartAsync();
        var badConfig = sim.Kubeconfig.Replace(sim.Token, "not-the-token");

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().ProbeAsync(sim.Connection(badConfig), CancellationToken.None));

        Assert.Equal(ClusterFault.Unauthorized, e.Fault);
        Assert.StartsWith("The cluster rejected the credential", e.Message);
    }

    [Fact]
    public async Task Probe_StoppedSimulator_IsUnreachable()
    {
        await using var sim = await Simulator.StartAsync();
        var connection = sim.Connection();
        await sim.StopAsync();

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() => GatewayFactory.Create().ProbeAsync(connection, CancellationToken.None));

        Assert.Equal(ClusterFault.Unreachable, e.Fault);
        Assert.Contains("refused", e.Message);
    }

    [Fact]
    public async Task Probe_KubeconfigWithOtherCa_IsUnreachableSayingTlsNotTrusted()
    {
        await using var sim = await Simulator.StartAsync("one");
        await using var other = await Simulator.StartAsync("two");
        // sim's server and token, but the other cluster's CA: the server certificate must not be trusted.
        var mixed = other.Kubeconfig.Replace(other.Url.ToString().TrimEnd('/'), sim.Url.ToString().TrimEnd('/')).Replace(other.Token, sim.Token);

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().ProbeAsync(sim.Connection(mixed), CancellationToken.None));

        Assert.Equal(ClusterFault.Unreachable, e.Fault);
        Assert.Contains("TLS", e.Message);
    }

    [Fact]
    public async Task Discover_Simulator_FindsVeleroAndAvailableDefaultLocation()
    {
        await using var sim = await Simulator.StartAsync();

        var caps = await GatewayFactory.Create().DiscoverAsync(sim.Connection(), CancellationToken.None);

        Assert.True(caps.VeleroInstalled);
        Assert.Equal("velero", caps.VeleroNamespace);
        var bsl = Assert.Single(caps.BackupStorageLocations, b => b.Name == "default");
        Assert.Equal("Available", bsl.Phase);
        Assert.True(bsl.IsDefault);
        Assert.NotNull(caps.DiscoveredAt);
        Assert.True(caps.CsiSnapshotsInstalled);
        Assert.Contains("csi-aws-vsc", caps.VolumeSnapshotClasses);
        Assert.True(caps.ArgoCdInstalled); // the demo clusters run Argo CD and Flux (migration demo)
        Assert.True(caps.FluxInstalled);
    }

    [Fact]
    public async Task Discover_ClusterWithoutGitOpsCrds_ReportsNeitherInstalled()
    {
        await using var sim = await SimulatedCluster.StartAsync(new SimulatorOptions
        {
            ClusterName = "bare", SeedDemoData = false, UnservedApis = ["argoproj.io", "kustomize.toolkit.fluxcd.io"],
        });

        var caps = await GatewayFactory.Create().DiscoverAsync(sim.Connection(), CancellationToken.None);

        Assert.False(caps.ArgoCdInstalled);
        Assert.False(caps.FluxInstalled);
        Assert.True(caps.VeleroInstalled);
    }

    [Fact]
    public async Task Discover_ClusterWideListForbidden_FallsBackToVeleroNamespace()
    {
        await using var sim = await Simulator.StartAsync();
        sim.Faults.FailRequests(403, count: 1, pathContains: "/apis/velero.io/v1/backupstoragelocations");

        var caps = await GatewayFactory.Create().DiscoverAsync(sim.Connection(), CancellationToken.None);

        Assert.Contains(caps.BackupStorageLocations, b => b.Name == "default");
    }

    [Fact]
    public async Task Probe_ServerHangs_IsTimeout()
    {
        await using var sim = await Simulator.StartAsync();
        sim.Faults.HangRequests = true;
        var options = GatewayFactory.FastOptions();
        options.RequestTimeout = TimeSpan.FromMilliseconds(500);

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create(options).ProbeAsync(sim.Connection(), CancellationToken.None));

        Assert.Equal(ClusterFault.Timeout, e.Fault);
        sim.Faults.HangRequests = false;
    }

    [Fact]
    public async Task Watch_TokenRevoked_ThrowsUnauthorizedWithoutRetrying()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();
        await gateway.EnsureBackupAsync(sim.Connection(), "velero", Backup("portal-req-401", "req-401"), CancellationToken.None);
        sim.Faults.RejectToken = true;

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            Follow(gateway, sim.Connection(), VeleroObjectKind.Backup, "portal-req-401"));

        Assert.Equal(ClusterFault.Unauthorized, e.Fault);
    }

    [Fact]
    public async Task Discover_VeleroRemoved_ReportsNotInstalled()
    {
        await using var sim = await Simulator.StartAsync();
        sim.Faults.VeleroInstalled = false;

        var caps = await GatewayFactory.Create().DiscoverAsync(sim.Connection(), CancellationToken.None);

        Assert.False(caps.VeleroInstalled);
        Assert.Empty(caps.BackupStorageLocations);
    }

    [Fact]
    public async Task ListNamespaces_Simulator_IncludesDemoNamespaces()
    {
        await using var sim = await Simulator.StartAsync();

        var namespaces = await GatewayFactory.Create().ListNamespacesAsync(sim.Connection(), CancellationToken.None);

        Assert.Contains(namespaces, n => n.Name == "shop-frontend" && n.Phase == "Active");
        Assert.Contains(namespaces, n => n.Name == "velero");
    }

    [Fact]
    public async Task GetNamespace_ExistingAndMissing_ReturnsInfoOrNull()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();

        var found = await gateway.GetNamespaceAsync(sim.Connection(), "shop-frontend", CancellationToken.None);
        var missing = await gateway.GetNamespaceAsync(sim.Connection(), "no-such-namespace", CancellationToken.None);

        Assert.Equal("shop-frontend", found?.Name);
        Assert.Null(missing);
    }

    [Fact]
    public async Task ListBackups_Simulator_IncludesScheduleMadeBackups()
    {
        await using var sim = await Simulator.StartAsync();

        var backups = await GatewayFactory.Create().ListBackupsAsync(sim.Connection(), "velero", CancellationToken.None);

        var scheduled = backups.Where(b => b.ScheduleName == "daily").ToList();
        Assert.NotEmpty(scheduled);
        Assert.All(scheduled, b => Assert.Equal("Completed", b.Phase));
        Assert.Contains(scheduled, b => b.Includes("shop-frontend"));
        Assert.All(scheduled, b => Assert.NotNull(b.CreatedAt));
    }

    [Fact]
    public async Task GetBackup_ScheduledBackupAndMissingOne_ReturnsInfoOrNull()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();
        var any = (await gateway.ListBackupsAsync(sim.Connection(), "velero", CancellationToken.None)).First(b => b.ScheduleName == "daily");

        var found = await gateway.GetBackupAsync(sim.Connection(), "velero", any.Name, CancellationToken.None);
        var missing = await gateway.GetBackupAsync(sim.Connection(), "velero", "no-such-backup", CancellationToken.None);

        Assert.Equivalent(any, found, strict: true);
        Assert.Null(missing);
    }

    [Fact]
    public async Task ListBackups_VeleroRemoved_IsToolMissing()
    {
        await using var sim = await Simulator.StartAsync();
        sim.Faults.VeleroInstalled = false;

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().ListBackupsAsync(sim.Connection(), "velero", CancellationToken.None));

        Assert.Equal(ClusterFault.ToolMissing, e.Fault);
    }

    [Fact]
    public async Task EnsureBackup_TwiceSameRequest_CreatesOneObjectAndReturnsExisting()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();
        var spec = Backup("portal-req-1", "req-1");

        await gateway.EnsureBackupAsync(sim.Connection(), "velero", spec, CancellationToken.None);
        var second = await gateway.EnsureBackupAsync(sim.Connection(), "velero", spec, CancellationToken.None);

        Assert.Equal("portal-req-1", second.Name);
        Assert.Equal("req-1", second.Labels[PortalLabels.RequestId]);
        var backups = await gateway.ListBackupsAsync(sim.Connection(), "velero", CancellationToken.None);
        Assert.Single(backups, b => b.Name == "portal-req-1");
    }

    [Fact]
    public async Task EnsureBackup_SameNameOtherRequest_IsConflict()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();
        await gateway.EnsureBackupAsync(sim.Connection(), "velero", Backup("portal-req-1", "req-1"), CancellationToken.None);

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            gateway.EnsureBackupAsync(sim.Connection(), "velero", Backup("portal-req-1", "req-2"), CancellationToken.None));

        Assert.Equal(ClusterFault.Conflict, e.Fault);
        Assert.Contains("already exists and was not made by this request", e.Message);
    }

    [Fact]
    public async Task EnsureBackup_VeleroRemoved_IsToolMissing()
    {
        await using var sim = await Simulator.StartAsync();
        sim.Faults.VeleroInstalled = false;

        var e = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            GatewayFactory.Create().EnsureBackupAsync(sim.Connection(), "velero", Backup("portal-req-9", "req-9"), CancellationToken.None));

        Assert.Equal(ClusterFault.ToolMissing, e.Fault);
        Assert.Contains("Velero is not installed on cluster sim (the velero.io API is not served)", e.Message);
    }

    [Fact]
    public async Task Watch_NewBackup_FollowsToCompletedWithIncreasingProgress()
    {
        await using var sim = await Simulator.StartAsync(stepMilliseconds: 250); // slow enough to see steps on a busy machine
        var gateway = GatewayFactory.Create();
        await gateway.EnsureBackupAsync(sim.Connection(), "velero", Backup("portal-req-w", "req-w"), CancellationToken.None);

        var seen = await Follow(gateway, sim.Connection(), VeleroObjectKind.Backup, "portal-req-w");

        Assert.Equal("Completed", seen[^1].Phase);
        Assert.True(seen.Count >= 2, $"expected several updates, saw {string.Join(", ", seen.Select(s => s.Phase))}");
        var done = seen.Where(s => s.ItemsDone is not null).Select(s => s.ItemsDone!.Value).ToList();
        Assert.NotEmpty(done);
        Assert.Equal(done.Order(), done);
        Assert.Equal(seen[^1].ItemsTotal, seen[^1].ItemsDone);
    }

    [Fact]
    public async Task Watch_RestoreOfMissingBackup_EndsFailedValidation()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();
        var spec = new VeleroRestoreSpec("portal-restore-x", "no-such-backup", "shop-frontend", "shop-frontend",
            ExistingResourcePolicy.None, true, new Dictionary<string, string> { [PortalLabels.RequestId] = "req-x" });
        await gateway.EnsureRestoreAsync(sim.Connection(), "velero", spec, CancellationToken.None);

        var seen = await Follow(gateway, sim.Connection(), VeleroObjectKind.Restore, "portal-restore-x");

        Assert.Equal("FailedValidation", seen[^1].Phase);
        Assert.NotEmpty(seen[^1].ValidationErrors);
    }

    [Fact]
    public async Task Watch_RestoreOfScheduledBackupIntoNewNamespace_Completes()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();
        var backups = await gateway.ListBackupsAsync(sim.Connection(), "velero", CancellationToken.None);
        var source = backups.First(b => b.IsRestorable && b.Includes("shop-frontend"));
        var spec = new VeleroRestoreSpec("portal-restore-copy", source.Name, "shop-frontend", "shop-frontend-copy",
            ExistingResourcePolicy.Update, false, new Dictionary<string, string> { [PortalLabels.RequestId] = "req-c" });
        await gateway.EnsureRestoreAsync(sim.Connection(), "velero", spec, CancellationToken.None);

        var seen = await Follow(gateway, sim.Connection(), VeleroObjectKind.Restore, "portal-restore-copy");

        Assert.Equal("Completed", seen[^1].Phase);
        Assert.NotNull(await gateway.GetNamespaceAsync(sim.Connection(), "shop-frontend-copy", CancellationToken.None));
    }

    [Fact]
    public async Task Watch_ServerRestartAfterHistoryCompaction_Gets410AndStillReachesCompleted()
    {
        await using var sim = await Simulator.StartAsync(stepMilliseconds: 300);
        var logger = new ListLogger<KubernetesClusterGateway>();
        var gateway = GatewayFactory.Create(logger: logger);
        await gateway.EnsureBackupAsync(sim.Connection(), "velero", Backup("portal-req-410", "req-410"), CancellationToken.None);
        using var cts = new CancellationTokenSource(Patience);
        var seen = new List<VeleroObjectStatus>();

        await foreach (var s in gateway.WatchVeleroObjectAsync(sim.Connection(), "velero", VeleroObjectKind.Backup, "portal-req-410", cts.Token))
        {
            seen.Add(s);
            if (seen.Count == 2)
            {
                // This update came over an open watch. Drop the connection, let Velero move on while the server is down,
                // then forget the history: the reconnect from the last resourceVersion seen meets 410 Gone.
                await sim.StopAsync();
                await Task.Delay(900);
                sim.Store.CompactHistory();
                await sim.StartAgainAsync();
            }
        }

        Assert.True(seen.Count > 2, "the backup finished before the restart could be staged");
        Assert.Equal("Completed", seen[^1].Phase);
        Assert.Contains(logger.Messages, m => m.Contains("410 Gone") || m.Contains("Watch history expired"));
    }

    [Fact]
    public async Task Watch_ServerErrorsOnWatch_RetriesAndCompletes()
    {
        await using var sim = await Simulator.StartAsync();
        var logger = new ListLogger<KubernetesClusterGateway>();
        var gateway = GatewayFactory.Create(logger: logger);
        await gateway.EnsureBackupAsync(sim.Connection(), "velero", Backup("portal-req-500", "req-500"), CancellationToken.None);
        sim.Faults.FailRequests(503, count: 2, pathContains: "/velero/backups");

        var seen = await Follow(gateway, sim.Connection(), VeleroObjectKind.Backup, "portal-req-500");

        Assert.Equal("Completed", seen[^1].Phase);
        Assert.Equal(2, logger.Messages.Count(m => m.StartsWith("Watch failed (ServerError", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Watch_FailedBackup_EndsFailedWithReason()
    {
        await using var sim = await Simulator.StartAsync();
        var gateway = GatewayFactory.Create();
        sim.Faults.FailNextBackup("portal-req-f");
        await gateway.EnsureBackupAsync(sim.Connection(), "velero", Backup("portal-req-f", "req-f"), CancellationToken.None);

        var seen = await Follow(gateway, sim.Connection(), VeleroObjectKind.Backup, "portal-req-f");

        Assert.Equal("Failed", seen[^1].Phase);
        Assert.False(string.IsNullOrEmpty(seen[^1].FailureReason));
    }

    [CrdsTheory]
    [MemberData(nameof(VeleroObjectBuilderTests.BuiltObjects), MemberType = typeof(VeleroObjectBuilderTests))]
    public void BuiltObject_SimulatorStrictValidatorWithRealCrd_ReportsNoErrors(string variant)
    {
        var catalog = Portal.ClusterSimulator.Resources.CrdCatalog.LoadFromDirectory(Path.Combine(SharedCrds.Directory!, "velero"));
        var obj = VeleroObjectBuilderTests.Build(variant);

        var errors = catalog.Validate(VeleroApi.ApiVersion, obj["kind"]!.GetValue<string>(), obj, strict: true);

        Assert.Empty(errors);
    }

    [CrdsFact]
    public void SimulatorStrictValidator_UnknownField_IsReported()
    {
        var catalog = Portal.ClusterSimulator.Resources.CrdCatalog.LoadFromDirectory(Path.Combine(SharedCrds.Directory!, "velero"));
        var obj = VeleroObjectBuilderTests.Build("backup-snapshot");
        obj["spec"]!["snapshotVolume"] = true;

        Assert.NotEmpty(catalog.Validate(VeleroApi.ApiVersion, "Backup", obj, strict: true));
    }
}
