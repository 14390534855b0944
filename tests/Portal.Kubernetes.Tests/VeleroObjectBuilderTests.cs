using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Protection;
using Portal.Domain.Requests;
using Portal.Kubernetes.Tests.Support;

namespace Portal.Kubernetes.Tests;

public class VeleroObjectBuilderTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        [PortalLabels.RequestId] = "req-1",
        [PortalLabels.Tenant] = "shop",
    };

    internal static VeleroBackupSpec BackupSpec(VolumeBackupMode mode = VolumeBackupMode.Snapshot, string? location = "default") =>
        new("portal-shop-frontend-req1", "shop-frontend", TimeSpan.FromDays(30), mode, location, Labels);

    internal static VeleroRestoreSpec RestoreSpec(string target = "shop-frontend", ExistingResourcePolicy policy = ExistingResourcePolicy.None,
        bool volumes = true) =>
        new("portal-restore-req2", "nightly-20260101", "shop-frontend", target, policy, volumes, Labels);

    internal static VeleroScheduleSpec ScheduleSpec(VolumeProtection volumes = VolumeProtection.CsiSnapshotsMovedToObjectStorage,
        IReadOnlyList<string>? excluded = null, bool paused = false) =>
        new("portal-protect-shop-frontend", "shop-frontend", "0 2 * * *", "Europe/Berlin", TimeSpan.FromDays(7), volumes, "default",
            excluded ?? ["events", "events.events.k8s.io"], paused, Labels);

    [Fact]
    public void Schedule_DataMovement_ProducesExactObject()
    {
        var json = VeleroObjectBuilder.Schedule(ScheduleSpec(), "velero").ToJsonString();

        Assert.Equal(
            """{"apiVersion":"velero.io/v1","kind":"Schedule","metadata":{"name":"portal-protect-shop-frontend","namespace":"velero","labels":{"kubernetes-portal.io/request-id":"req-1","kubernetes-portal.io/tenant":"shop","app.kubernetes.io/managed-by":"kubernetes-portal"}},"spec":{"schedule":"CRON_TZ=Europe/Berlin 0 2 * * *","paused":false,"skipImmediately":false,"useOwnerReferencesInBackup":false,"template":{"includedNamespaces":["shop-frontend"],"ttl":"168h0m0s","storageLocation":"default","excludedResources":["events","events.events.k8s.io"],"snapshotVolumes":true,"defaultVolumesToFsBackup":false,"snapshotMoveData":true,"metadata":{"labels":{"kubernetes-portal.io/request-id":"req-1","kubernetes-portal.io/tenant":"shop"}}}}}""",
            json);
    }

    [Theory]
    [InlineData(VolumeProtection.None, false, false, false)]
    [InlineData(VolumeProtection.FileSystemBackup, false, true, false)]
    [InlineData(VolumeProtection.CsiSnapshots, true, false, false)]
    [InlineData(VolumeProtection.CsiSnapshotsMovedToObjectStorage, true, false, true)]
    public void Schedule_EachVolumeProtection_WritesEveryFlag(VolumeProtection volumes, bool snapshot, bool fileSystem, bool moveData)
    {
        var template = VeleroObjectBuilder.Schedule(ScheduleSpec(volumes), "velero")["spec"]!["template"]!;

        Assert.Equal(snapshot, (bool)template["snapshotVolumes"]!);
        Assert.Equal(fileSystem, (bool)template["defaultVolumesToFsBackup"]!);
        Assert.Equal(moveData, (bool)template["snapshotMoveData"]!);
    }

    [Fact]
    public void Schedule_PausedWithNothingExcluded_SaysPausedAndLeavesTheListOut()
    {
        var spec = VeleroObjectBuilder.Schedule(ScheduleSpec(excluded: [], paused: true), "velero")["spec"]!;

        Assert.True((bool)spec["paused"]!);
        Assert.False(spec["template"]!.AsObject().ContainsKey("excludedResources"));
    }

    [Fact]
    public void Schedule_Hooks_WritesVelerosHookResourcesInTheNamespace()
    {
        var hooks = VeleroObjectBuilder.Schedule(ScheduleSpec() with { Hooks = Hooks }, "velero")["spec"]!["template"]!["hooks"]!.ToJsonString();

        Assert.Equal(
            """{"resources":[{"name":"freeze","includedNamespaces":["shop-frontend"],"labelSelector":{"matchLabels":{"app":"shop-db","tier":"data"}},"pre":[{"exec":{"container":"postgres","command":["/bin/sh","-c","psql -c CHECKPOINT"],"onError":"Fail","timeout":"2m0s"}}]},{"name":"thaw","includedNamespaces":["shop-frontend"],"post":[{"exec":{"command":["/usr/bin/thaw"],"onError":"Continue","timeout":"30s"}}]}]}""",
            hooks);
    }

    [Fact]
    public void Schedule_ClusterResourcesOnly_IncludesEveryClusterScopedTypeAndNoNamespacedOne()
    {
        var template = VeleroObjectBuilder.Schedule(ClusterResourcesSpec() with { Hooks = Hooks }, "velero")["spec"]!["template"]!.AsObject();

        Assert.Equal("""["*"]""", template["includedClusterScopedResources"]!.ToJsonString());
        Assert.Equal("""["*"]""", template["excludedNamespaceScopedResources"]!.ToJsonString());
        Assert.Equal("""["customresourcedefinitions.apiextensions.k8s.io"]""", template["excludedClusterScopedResources"]!.ToJsonString());
        // Velero refuses old-style filters next to the new ones; no namespace, no hooks (they run in pods).
        foreach (var absent in new[] { "includedNamespaces", "excludedResources", "includeClusterResources", "hooks" })
        {
            Assert.False(template.ContainsKey(absent), absent);
        }
    }

    [Fact]
    public void Backup_SnapshotModeWithLocation_ProducesExactObject()
    {
        var json = VeleroObjectBuilder.Backup(BackupSpec(), "velero").ToJsonString();

        Assert.Equal(
            """{"apiVersion":"velero.io/v1","kind":"Backup","metadata":{"name":"portal-shop-frontend-req1","namespace":"velero","labels":{"kubernetes-portal.io/request-id":"req-1","kubernetes-portal.io/tenant":"shop","app.kubernetes.io/managed-by":"kubernetes-portal"}},"spec":{"includedNamespaces":["shop-frontend"],"ttl":"720h0m0s","storageLocation":"default","snapshotVolumes":true,"defaultVolumesToFsBackup":false}}""",
            json);
    }

    [Fact]
    public void Backup_FileSystemMode_UsesFsBackupAndNoSnapshots()
    {
        var spec = VeleroObjectBuilder.Backup(BackupSpec(VolumeBackupMode.FileSystem), "velero")["spec"]!;

        Assert.False(spec["snapshotVolumes"]!.GetValue<bool>());
        Assert.True(spec["defaultVolumesToFsBackup"]!.GetValue<bool>());
    }

    [Fact]
    public void Backup_NoneMode_TurnsOffBothVolumeMechanisms()
    {
        var spec = VeleroObjectBuilder.Backup(BackupSpec(VolumeBackupMode.None), "velero")["spec"]!;

        Assert.False(spec["snapshotVolumes"]!.GetValue<bool>());
        Assert.False(spec["defaultVolumesToFsBackup"]!.GetValue<bool>());
    }

    [Fact]
    public void Backup_NoStorageLocation_OmitsField()
    {
        var spec = VeleroObjectBuilder.Backup(BackupSpec(location: null), "velero")["spec"]!.AsObject();

        Assert.False(spec.ContainsKey("storageLocation"));
    }

    [Fact]
    public void Backup_CallerSetsManagedBy_KeepsCallerValue()
    {
        var labels = new Dictionary<string, string>(Labels) { [PortalLabels.ManagedBy] = "someone-else" };
        var spec = BackupSpec() with { Labels = labels };

        var built = VeleroObjectBuilder.Backup(spec, "velero");

        Assert.Equal("someone-else", built["metadata"]!["labels"]![PortalLabels.ManagedBy]!.GetValue<string>());
    }

    [Fact]
    public void Backup_NonPositiveTtl_Throws()
    {
        var spec = BackupSpec() with { Ttl = TimeSpan.Zero };

        Assert.Throws<ArgumentOutOfRangeException>(() => VeleroObjectBuilder.Backup(spec, "velero"));
    }

    [Fact]
    public void Restore_SameNamespaceDefaultPolicy_ProducesExactObject()
    {
        var json = VeleroObjectBuilder.Restore(RestoreSpec(), "velero").ToJsonString();

        Assert.Equal(
            """{"apiVersion":"velero.io/v1","kind":"Restore","metadata":{"name":"portal-restore-req2","namespace":"velero","labels":{"kubernetes-portal.io/request-id":"req-1","kubernetes-portal.io/tenant":"shop","app.kubernetes.io/managed-by":"kubernetes-portal"}},"spec":{"backupName":"nightly-20260101","includedNamespaces":["shop-frontend"],"restorePVs":true}}""",
            json);
    }

    [Fact]
    public void Restore_WithModifiers_NamesTheirConfigMapWhichHoldsVelerosFormat()
    {
        IReadOnlyList<RestoreModifierRule> rules = [RestoreModifiers.SuspendCronJobs, .. RestoreModifiers.IngressClasses(new Dictionary<string, string> { ["nginx"] = "traefik" })];
        var restore = VeleroObjectBuilder.Restore(RestoreSpec("copy") with { Modifiers = rules }, "velero");
        var map = VeleroObjectBuilder.RestoreModifiersConfigMap(rules, "velero");

        Assert.Equal("""{"kind":"configmap","name":"NAME"}""".Replace("NAME", VeleroObjectBuilder.RestoreModifiersName(rules), StringComparison.Ordinal),
            restore["spec"]!["resourceModifier"]!.ToJsonString());
        Assert.Equal(VeleroObjectBuilder.RestoreModifiersName(rules), (string?)map["metadata"]!["name"]);
        Assert.Equal(
            """{"version":"v1","resourceModifierRules":[{"conditions":{"groupResource":"cronjobs.batch"},"patches":[{"operation":"add","path":"/spec/suspend","value":"true"}]},"""
            + """{"conditions":{"groupResource":"ingresses.networking.k8s.io"},"patches":[{"operation":"test","path":"/spec/ingressClassName","value":"nginx"},{"operation":"replace","path":"/spec/ingressClassName","value":"traefik"}]},"""
            + """{"conditions":{"groupResource":"ingresses.networking.k8s.io"},"patches":[{"operation":"test","path":"/metadata/annotations/kubernetes.io~1ingress.class","value":"nginx"},{"operation":"replace","path":"/metadata/annotations/kubernetes.io~1ingress.class","value":"traefik"}]}]}""",
            (string?)map["data"]![VeleroObjectBuilder.RestoreModifiersKey]);
        Assert.NotEqual(VeleroObjectBuilder.RestoreModifiersName(rules), VeleroObjectBuilder.RestoreModifiersName([RestoreModifiers.SuspendCronJobs]));
        Assert.Null(VeleroObjectBuilder.Restore(RestoreSpec("copy"), "velero")["spec"]!["resourceModifier"]);
    }

    [Fact]
    public void Restore_OtherNamespaceWithUpdate_MapsNamespaceAndSetsPolicy()
    {
        var json = VeleroObjectBuilder.Restore(RestoreSpec("shop-frontend-copy", ExistingResourcePolicy.Update, volumes: false), "velero")["spec"]!
            .ToJsonString();

        Assert.Equal(
            """{"backupName":"nightly-20260101","includedNamespaces":["shop-frontend"],"namespaceMapping":{"shop-frontend":"shop-frontend-copy"},"existingResourcePolicy":"update","restorePVs":false}""",
            json);
    }

    public static TheoryData<string> BuiltObjects() => ["backup-snapshot", "backup-fs", "backup-none", "backup-nolocation", "restore-same", "restore-mapped-update", "restore-modified",
        "schedule-move-data", "schedule-fs-paused", "schedule-none", "schedule-csi", "schedule-hooks", "schedule-cluster-resources",
        "schedule-cluster-resources-paused"];

    internal static readonly BackupHook[] Hooks =
    [
        new("freeze", HookPhase.Pre, "app=shop-db, tier=data", "postgres", ["/bin/sh", "-c", "psql -c CHECKPOINT"], HookOnError.Fail, TimeSpan.FromMinutes(2)),
        new("thaw", HookPhase.Post, null, null, ["/usr/bin/thaw"], HookOnError.Continue, TimeSpan.FromSeconds(30)),
    ];

    internal static VeleroScheduleSpec ClusterResourcesSpec(bool paused = false) =>
        new("portal-protect-cluster", "", "0 1 * * *", "UTC", TimeSpan.FromDays(30), VolumeProtection.None, null,
            ["customresourcedefinitions.apiextensions.k8s.io"], paused, Labels, ClusterResourcesOnly: true);

    internal static JsonObject Build(string variant) => variant switch
    {
        "backup-snapshot" => VeleroObjectBuilder.Backup(BackupSpec(), "velero"),
        "backup-fs" => VeleroObjectBuilder.Backup(BackupSpec(VolumeBackupMode.FileSystem), "velero"),
        "backup-none" => VeleroObjectBuilder.Backup(BackupSpec(VolumeBackupMode.None), "velero"),
        "backup-nolocation" => VeleroObjectBuilder.Backup(BackupSpec(location: null), "velero"),
        "restore-same" => VeleroObjectBuilder.Restore(RestoreSpec(), "velero"),
        "restore-mapped-update" => VeleroObjectBuilder.Restore(RestoreSpec("copy", ExistingResourcePolicy.Update), "velero"),
        "restore-modified" => VeleroObjectBuilder.Restore(RestoreSpec("copy") with { Modifiers = [RestoreModifiers.SuspendCronJobs] }, "velero"),
        "schedule-move-data" => VeleroObjectBuilder.Schedule(ScheduleSpec(), "velero"),
        "schedule-fs-paused" => VeleroObjectBuilder.Schedule(ScheduleSpec(VolumeProtection.FileSystemBackup, excluded: [], paused: true), "velero"),
        "schedule-none" => VeleroObjectBuilder.Schedule(ScheduleSpec(VolumeProtection.None), "velero"),
        "schedule-csi" => VeleroObjectBuilder.Schedule(ScheduleSpec(VolumeProtection.CsiSnapshots), "velero"),
        "schedule-hooks" => VeleroObjectBuilder.Schedule(ScheduleSpec() with { Hooks = Hooks }, "velero"),
        "schedule-cluster-resources" => VeleroObjectBuilder.Schedule(ClusterResourcesSpec(), "velero"),
        "schedule-cluster-resources-paused" => VeleroObjectBuilder.Schedule(ClusterResourcesSpec(paused: true), "velero"),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    [CrdsTheory]
    [MemberData(nameof(BuiltObjects))]
    public void BuiltObject_AgainstRealCrd_HasOnlyDeclaredFieldsOfRightTypes(string variant)
    {
        var obj = Build(variant);
        var crd = SharedCrds.PathTo("velero", obj["kind"]!.GetValue<string>() switch
        {
            "Backup" => "velero.io_backups.yaml",
            "Schedule" => "velero.io_schedules.yaml",
            _ => "velero.io_restores.yaml",
        });

        var errors = MiniCrdValidator.Validate(crd, obj);

        Assert.Empty(errors);
    }

    [CrdsFact]
    public void MiniCrdValidator_MisspelledField_IsReported()
    {
        // Guards the guard: the CRD check above must be able to fail.
        var obj = Build("backup-snapshot");
        obj["spec"]!["snapshotVolume"] = true;
        obj["spec"]!["ttl"] = 5;

        var errors = MiniCrdValidator.Validate(SharedCrds.PathTo("velero", "velero.io_backups.yaml"), obj);

        Assert.Contains(errors, e => e.Contains("spec.snapshotVolume: unknown field"));
        Assert.Contains(errors, e => e.Contains("spec.ttl: expected string"));
    }
}
