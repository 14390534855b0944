using System.Globalization;
using System.Text.Json;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Protection;
using static Portal.Kubernetes.VeleroStatusParser;

namespace Portal.Kubernetes.Protection;

/// <summary>Reads the Velero objects the protection follower watches (Backups, Schedules, storage and snapshot
/// locations) into what it records. Tolerant as <see cref="VeleroStatusParser"/> is: a missing or odd field reads as
/// absent.</summary>
public static class VeleroFollowParser
{
    /// <summary>The prefix of a protection's Schedule name (<see cref="NamespaceProtection.ScheduleName"/>).</summary>
    public static VeleroBackupObservation Backup(JsonElement obj)
    {
        var metadata = Child(obj, "metadata");
        var spec = Child(obj, "spec");
        var status = Child(obj, "status");
        var labels = Labels(obj);
        var schedule = labels.GetValueOrDefault(VeleroApi.ScheduleNameLabel);
        var included = Strings(spec, "includedNamespaces");
        return new VeleroBackupObservation(
            Name: Name(obj) ?? "",
            Uid: String(metadata, "uid"),
            Phase: String(status, "phase"),
            ScheduleName: schedule,
            // The portal's own mark, as on everything it writes (the Schedule's template carries it to every run).
            ProtectionId: Guid.TryParseExact(labels.GetValueOrDefault(PortalLabels.ProtectionId), "N", out var protection) ? protection : null,
            RequestId: Guid.TryParse(labels.GetValueOrDefault(PortalLabels.RequestId), out var request) ? request : null,
            IncludedNamespaces: included,
            ExcludedNamespaces: Strings(spec, "excludedNamespaces"),
            ClusterResourcesOnly: ClusterResourcesOnly(spec, included),
            StorageLocation: String(spec, "storageLocation") ?? labels.GetValueOrDefault("velero.io/storage-location"),
            StartedAt: Time(status, "startTimestamp"),
            CompletedAt: Time(status, "completionTimestamp"),
            Expiration: Time(status, "expiration"),
            Errors: Int(status, "errors") ?? 0,
            Warnings: Int(status, "warnings") ?? 0,
            FailureReason: FailureReason(status));
    }

    public static VeleroScheduleInfo Schedule(JsonElement obj)
    {
        var spec = Child(obj, "spec");
        var template = Child(spec, "template");
        var status = Child(obj, "status");
        return new VeleroScheduleInfo(
            Name: Name(obj) ?? "",
            Uid: String(Child(obj, "metadata"), "uid"),
            Phase: String(status, "phase"),
            ValidationErrors: Strings(status, "validationErrors"),
            LastBackup: Time(status, "lastBackup"),
            Cron: String(spec, "schedule") ?? "",
            Paused: Bool(spec, "paused") ?? false,
            Ttl: String(template, "ttl"),
            IncludedNamespaces: Strings(template, "includedNamespaces"),
            StorageLocation: String(template, "storageLocation"),
            SpecHash: spec is { } s ? ScheduleSpecHash.Of(s) : "",
            Labels: Labels(obj));
    }

    public static VeleroLocationObservation Location(JsonElement obj, LocationKind kind)
    {
        var spec = Child(obj, "spec");
        var status = Child(obj, "status");
        return new VeleroLocationObservation(
            Kind: kind,
            Name: Name(obj) ?? "",
            Provider: String(spec, "provider"),
            Phase: String(status, "phase"),
            IsDefault: Bool(spec, "default") ?? false,
            AccessMode: String(spec, "accessMode"),
            LastValidated: Time(status, "lastValidationTime"),
            Message: String(status, "message"),
            Bucket: String(Child(spec, "objectStorage"), "bucket"),
            Prefix: String(Child(spec, "objectStorage"), "prefix"),
            Url: String(Child(spec, "config"), "s3Url"));
    }

    /// <summary>Only cluster-scoped resources: every namespace-scoped resource excluded, or no namespace included.</summary>
    private static bool ClusterResourcesOnly(JsonElement? spec, IReadOnlyList<string> included) =>
        Strings(spec, "excludedNamespaceScopedResources").Contains("*")
        || (included.Count > 0 && included.All(string.IsNullOrEmpty));

    /// <summary>Why the backup did not complete, in Velero's words: its failure reason, its validation errors, and for a
    /// partial failure what Velero counted (volume snapshots that did not complete, hooks that failed).</summary>
    private static string? FailureReason(JsonElement? status)
    {
        var parts = new List<string>();
        if (String(status, "failureReason") is { Length: > 0 } reason) parts.Add(reason);
        parts.AddRange(Strings(status, "validationErrors").Where(e => e.Length > 0));
        var attempted = (Int(status, "volumeSnapshotsAttempted") ?? 0) + (Int(status, "csiVolumeSnapshotsAttempted") ?? 0);
        var completed = (Int(status, "volumeSnapshotsCompleted") ?? 0) + (Int(status, "csiVolumeSnapshotsCompleted") ?? 0);
        if (attempted > completed)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{attempted - completed} of {attempted} volume snapshots did not complete"));
        if (Int(Child(status, "hookStatus"), "hooksFailed") is int hooks && hooks > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{hooks} hook{(hooks == 1 ? "" : "s")} failed"));
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
