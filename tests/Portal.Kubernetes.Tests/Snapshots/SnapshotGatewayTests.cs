using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.ClusterSimulator;
using Portal.Domain.Common;
using Portal.Kubernetes.Moves;
using Portal.Kubernetes.Snapshots;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests.Snapshots;

/// <summary>What "snapshot now" sends (against the real external-snapshotter CRDs) and the snapshot gateway against the
/// simulator's external-snapshotter: ready with its size, a failure with the content's error in words, a foreign object refused.</summary>
public class SnapshotGatewayTests
{
    private const string Ns = "apps";
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["kubernetes-portal.io/request-id"] = "0193a000-0000-7000-8000-00000abc1234",
        ["kubernetes-portal.io/tenant"] = "webshop",
    };

    [CrdsFact]
    public void VolumeSnapshot_WithAndWithoutClass_IsValidAgainstTheRealCrd()
    {
        var withClass = SnapshotObjects.VolumeSnapshot(new VolumeSnapshotSpec(Ns, "data-snap-0abc1234", "data", "ebs-retain", Labels));
        var withoutClass = SnapshotObjects.VolumeSnapshot(new VolumeSnapshotSpec(Ns, "data-snap-0abc1234", "data", null, Labels));

        Assert.Empty(RealSchemas.Catalog.Validate(ClusterApis.CsiSnapshot, "VolumeSnapshot", withClass, strict: true));
        Assert.Empty(RealSchemas.Catalog.Validate(ClusterApis.CsiSnapshot, "VolumeSnapshot", withoutClass, strict: true));
        Assert.Null(withoutClass["spec"]!["volumeSnapshotClassName"]);
        Assert.Equal("kubernetes-portal", withClass["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>());
    }

    [CrdsFact]
    public void VolumeGroupSnapshot_IsValidAgainstTheRealCrd_AndAMisspelledFieldIsNot()
    {
        var group = SnapshotObjects.VolumeGroupSnapshot(new GroupSnapshotSpec(Ns, "group-snap-0abc1234",
            new Dictionary<string, string> { ["app"] = "shop" }, null, Labels));
        var wrong = (JsonObject)group.DeepClone();
        wrong["spec"]!["source"]!["selectors"] = new JsonObject();

        Assert.Empty(RealSchemas.Catalog.Validate(ClusterApis.CsiGroupSnapshot, "VolumeGroupSnapshot", group, strict: true));
        Assert.NotEmpty(RealSchemas.Catalog.Validate(ClusterApis.CsiGroupSnapshot, "VolumeGroupSnapshot", wrong, strict: true));
    }

    private static Task<SimulatedCluster> StartAsync() => SimulatedCluster.StartAsync(new SimulatorOptions
    {
        ClusterName = "snaps",
        Port = 0,
        SeedDemoData = false,
        PhaseStepDelay = TimeSpan.FromMilliseconds(40),
        StorageClasses = [new("gp3", "ebs.csi.aws.com", IsDefault: true)],
        VolumeSnapshotClasses =
        [
            new("ebs-retain", "ebs.csi.aws.com", ForVelero: true, DeletionPolicy: "Retain", IsDefault: true),
            new("longhorn-snap", "driver.longhorn.io", ForVelero: false, DeletionPolicy: "Delete"),
        ],
        SnapshotReadyDelay = TimeSpan.Zero,
    });

    private static (KubernetesSnapshotGateway Snapshots, KubernetesMigrationGateway Objects) Gateways()
    {
        var opts = Options.Create(GatewayFactory.FastOptions());
        var factory = new KubernetesClientFactory(opts, NullLogger<KubernetesClientFactory>.Instance);
        var objects = new KubernetesMigrationGateway(factory, opts, NullLogger<KubernetesMigrationGateway>.Instance);
        return (new KubernetesSnapshotGateway(objects, factory, opts, NullLogger<KubernetesSnapshotGateway>.Instance, TimeProvider.System), objects);
    }

    private static async Task<ClusterConnection> WithBoundClaimAsync(SimulatedCluster sim, KubernetesSnapshotGateway snapshots, KubernetesMigrationGateway objects)
    {
        var conn = sim.Connection();
        var owner = new KeyValuePair<string, string>(PortalLabels.ManagedBy, PortalLabels.ManagedByValue);
        await objects.ApplyAsync(conn, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = Ns, ["labels"] = new JsonObject { [owner.Key] = owner.Value } },
        }, owner, CancellationToken.None);
        await objects.ApplyAsync(conn, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = new JsonObject { ["name"] = "data", ["namespace"] = Ns, ["labels"] = new JsonObject { [owner.Key] = owner.Value } },
            ["spec"] = new JsonObject
            {
                ["accessModes"] = new JsonArray("ReadWriteOnce"), ["storageClassName"] = "gp3",
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "8Gi" } },
            },
        }, owner, CancellationToken.None);
        await Eventually.UntilAsync<IReadOnlyList<SnapshotClaimInfo>>(async () => await snapshots.ListClaimsAsync(conn, Ns, CancellationToken.None), c => c.Any(x => x.Phase == "Bound"), "claim bound");
        return conn;
    }

    [CrdsFact]
    public async Task Snapshot_OfABoundClaim_IsReadyWithItsSize_AndTheClaimShowsItsDriver()
    {
        await using var sim = await StartAsync();
        var (snapshots, objects) = Gateways();
        var conn = await WithBoundClaimAsync(sim, snapshots, objects);

        var claim = (await snapshots.ListClaimsAsync(conn, Ns, CancellationToken.None)).Single();
        await snapshots.EnsureSnapshotAsync(conn, new VolumeSnapshotSpec(Ns, "data-snap-1", "data", null, Labels), CancellationToken.None);
        var done = await snapshots.WaitForSnapshotsAsync(conn, Ns, ["data-snap-1"], TimeSpan.FromSeconds(20), null, CancellationToken.None);
        var listed = await snapshots.ListSnapshotsAsync(conn, Ns, CancellationToken.None);

        Assert.Equal("ebs.csi.aws.com", claim.Provisioner);
        Assert.False(claim.InTree);
        var s = Assert.Single(done);
        Assert.True(s.ReadyToUse);
        Assert.Equal("8Gi", s.RestoreSize);
        Assert.Equal("Retain", s.DeletionPolicy);
        Assert.Equal("ebs.csi.aws.com", s.Driver);
        Assert.Null(s.Error);
        Assert.Equal("data-snap-1", Assert.Single(listed).Name);
    }

    [CrdsFact]
    public async Task Snapshot_WithAClassOfAnotherDriver_EndsTheWaitWithTheContentsError()
    {
        await using var sim = await StartAsync();
        var (snapshots, objects) = Gateways();
        var conn = await WithBoundClaimAsync(sim, snapshots, objects);

        await snapshots.EnsureSnapshotAsync(conn, new VolumeSnapshotSpec(Ns, "data-snap-2", "data", "longhorn-snap", Labels), CancellationToken.None);
        var done = await snapshots.WaitForSnapshotsAsync(conn, Ns, ["data-snap-2"], TimeSpan.FromSeconds(20), null, CancellationToken.None);

        var s = Assert.Single(done);
        Assert.False(s.ReadyToUse);
        Assert.Contains("cannot snapshot a volume of driver ebs.csi.aws.com", s.ContentError);
        Assert.Contains("cannot snapshot a volume of driver", s.Error);
    }

    [CrdsFact]
    public async Task Snapshot_OfTheSameName_MadeBySomeoneElse_IsRefusedAndLeft()
    {
        await using var sim = await StartAsync();
        var (snapshots, objects) = Gateways();
        var conn = await WithBoundClaimAsync(sim, snapshots, objects);
        var theirs = new Dictionary<string, string> { ["kubernetes-portal.io/request-id"] = Guid.NewGuid().ToString() };
        await snapshots.EnsureSnapshotAsync(conn, new VolumeSnapshotSpec(Ns, "data-snap-3", "data", null, theirs), CancellationToken.None);

        var again = await snapshots.EnsureSnapshotAsync(conn, new VolumeSnapshotSpec(Ns, "data-snap-3", "data", null, theirs), CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ClusterAccessException>(() =>
            snapshots.EnsureSnapshotAsync(conn, new VolumeSnapshotSpec(Ns, "data-snap-3", "data", null, Labels), CancellationToken.None));

        Assert.Equal("data-snap-3", again.Name);
        Assert.Equal(ClusterFault.Conflict, refused.Fault);
    }
}
