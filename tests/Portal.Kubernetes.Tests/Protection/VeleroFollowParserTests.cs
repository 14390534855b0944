using System.Text.Json;
using Portal.Domain.Protection;
using Portal.Kubernetes.Protection;

namespace Portal.Kubernetes.Tests.Protection;

public class VeleroFollowParserTests
{
    private static JsonElement Json(string s) => JsonDocument.Parse(s).RootElement.Clone();

    [Fact]
    public void Backup_OfAProtectionsSchedule_ReadsItsRunAndTheProtection()
    {
        var protection = Guid.NewGuid();
        var request = Guid.NewGuid();
        var b = VeleroFollowParser.Backup(Json("""
            {"metadata":{"name":"portal-protect-PID-20261207120000","uid":"u-1",
               "labels":{"velero.io/schedule-name":"portal-protect-PID","kubernetes-portal.io/request-id":"RID",
                         "kubernetes-portal.io/protection-id":"PID",
                         "velero.io/storage-location":"default"}},
             "spec":{"includedNamespaces":["shop"],"ttl":"168h0m0s"},
             "status":{"phase":"PartiallyFailed","startTimestamp":"2026-12-07T12:00:00Z","completionTimestamp":"2026-12-07T12:04:00Z",
                       "expiration":"2026-12-14T12:00:00Z","errors":2,"warnings":1,
                       "csiVolumeSnapshotsAttempted":2,"csiVolumeSnapshotsCompleted":1,"hookStatus":{"hooksAttempted":1,"hooksFailed":1}}}
            """.Replace("PID", protection.ToString("N")).Replace("RID", request.ToString())));

        Assert.Equal(protection, b.ProtectionId);
        Assert.Equal(request, b.RequestId);
        Assert.Equal($"portal-protect-{protection:N}", b.ScheduleName);
        Assert.Equal(("u-1", "PartiallyFailed", 2, 1), (b.Uid, b.Phase, b.Errors, b.Warnings));
        Assert.Equal(["shop"], b.IncludedNamespaces);
        Assert.False(b.ClusterResourcesOnly);
        Assert.Equal("default", b.StorageLocation); // from Velero's label when the spec names none
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), b.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 12, 4, 0, TimeSpan.Zero), b.CompletedAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 14, 12, 0, 0, TimeSpan.Zero), b.Expiration);
        Assert.Equal("1 of 2 volume snapshots did not complete; 1 hook failed", b.FailureReason);
    }

    [Fact]
    public void Backup_ClusterWide_WithExclusions_AndVelerosOwnWords()
    {
        var b = VeleroFollowParser.Backup(Json("""
            {"metadata":{"name":"nightly","labels":{"velero.io/schedule-name":"nightly"}},
             "spec":{"includedNamespaces":["*"],"excludedNamespaces":["kube-system","velero"],"storageLocation":"primary"},
             "status":{"phase":"FailedValidation","validationErrors":["backup can't be created because BackupStorageLocation primary is in Unavailable status."]}}
            """));

        Assert.Null(b.ProtectionId); // someone else's schedule
        Assert.Equal(["*"], b.IncludedNamespaces);
        Assert.Equal(["kube-system", "velero"], b.ExcludedNamespaces);
        Assert.Equal("primary", b.StorageLocation);
        Assert.Equal("backup can't be created because BackupStorageLocation primary is in Unavailable status.", b.FailureReason);
    }

    [Fact]
    public void Backup_OfClusterResourcesOnly_IsMarkedSo()
    {
        var b = VeleroFollowParser.Backup(Json("""
            {"metadata":{"name":"crds"},"spec":{"includeClusterResources":true,"excludedNamespaceScopedResources":["*"]},"status":{"phase":"Completed"}}
            """));
        Assert.True(b.ClusterResourcesOnly);
        Assert.Null(b.FailureReason);
    }

    [Fact]
    public void Schedule_ReadsWhatDriftIsJudgedOn_AndFingerprintsItsSpec()
    {
        const string spec = """{"schedule":"CRON_TZ=Europe/Berlin 0 2 * * *","paused":true,"template":{"includedNamespaces":["shop"],"ttl":"720h0m0s","storageLocation":"default"}}""";
        var s = VeleroFollowParser.Schedule(Json("""
            {"metadata":{"name":"portal-protect-x","uid":"u-2","labels":{"a":"b"}},"spec":SPEC,
             "status":{"phase":"FailedValidation","validationErrors":["invalid schedule"],"lastBackup":"2026-12-07T01:00:00Z"}}
            """.Replace("SPEC", spec)));

        Assert.Equal(("portal-protect-x", "u-2", "FailedValidation"), (s.Name, s.Uid, s.Phase));
        Assert.Equal(["invalid schedule"], s.ValidationErrors);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero), s.LastBackup);
        Assert.Equal(("CRON_TZ=Europe/Berlin 0 2 * * *", true, "720h0m0s", "default"), (s.Cron, s.Paused, s.Ttl, s.StorageLocation));
        Assert.Equal(["shop"], s.IncludedNamespaces);
        Assert.Equal(ScheduleSpecHash.Of(Json(spec)), s.SpecHash);
        Assert.Equal("b", s.Labels["a"]);
    }

    [Fact]
    public void Locations_ReadPhaseValidationAndMessage()
    {
        var bsl = VeleroFollowParser.Location(Json("""
            {"metadata":{"name":"default"},"spec":{"provider":"aws","default":true,"accessMode":"ReadWrite"},
             "status":{"phase":"Unavailable","lastValidationTime":"2026-12-07T10:42:00Z","message":"AccessDenied"}}
            """), LocationKind.BackupStorage);
        Assert.Equal((LocationKind.BackupStorage, "default", "aws", "Unavailable", true, "ReadWrite", "AccessDenied"),
            (bsl.Kind, bsl.Name, bsl.Provider, bsl.Phase, bsl.IsDefault, bsl.AccessMode, bsl.Message));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 42, 0, TimeSpan.Zero), bsl.LastValidated);
        Assert.Equal((null, null, null), (bsl.Bucket, bsl.Prefix, bsl.Url));

        // Where it keeps the backups: what a recovery matches another cluster's locations on.
        var shared = VeleroFollowParser.Location(Json("""
            {"metadata":{"name":"default"},"spec":{"provider":"aws","objectStorage":{"bucket":"prod-east-velero","prefix":"backups"},
             "config":{"region":"us-east-1","s3Url":"https://s3.example.com"},"credential":{"name":"cloud-credentials","key":"cloud"}}}
            """), LocationKind.BackupStorage);
        Assert.Equal(("prod-east-velero", "backups", "https://s3.example.com"), (shared.Bucket, shared.Prefix, shared.Url));

        var vsl = VeleroFollowParser.Location(Json("""{"metadata":{"name":"default"},"spec":{"provider":"aws"}}"""), LocationKind.VolumeSnapshot);
        Assert.Equal((LocationKind.VolumeSnapshot, null, false), (vsl.Kind, vsl.Phase, vsl.IsDefault));
    }
}
