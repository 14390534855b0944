using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.Moves.Preflight;

namespace Portal.Application.Features.Restores;

/// <summary>What a restore to another cluster settles at submit: the location the target's Velero syncs the backup from,
/// and the classes the backup's claims and Ingresses need there (checked with the moves' rules and words).</summary>
public sealed record CrossClusterRestorePlan(string TargetLocation, RestoreClasses Classes, IReadOnlyList<string> Notes);

/// <summary>
/// The checks of a restore of a backup taken on cluster A into cluster B, through a backup storage location both see
/// (provider, bucket and prefix the same; read-only on B is normal). A is asked for the backup, its location and the
/// classes its namespace uses; when A cannot be reached (the worst day), B's Velero must see the backup already, and the
/// classes cannot be read (the requester's mappings are taken, and said so).
/// </summary>
public sealed class CrossClusterRestoreCheck(IClusterGateway gateway, IMigrationClusterGateway kube, ClusterConnections connections)
{
    public async Task<Result<CrossClusterRestorePlan>> CheckAsync(Cluster source, Cluster target, string @namespace, string backupName,
        IReadOnlyDictionary<string, string> storageClassMap, IReadOnlyDictionary<string, string> ingressClassMap, CancellationToken ct)
    {
        TargetClusterFacts targetFacts;
        try
        {
            targetFacts = await kube.ReadFactsAsync(connections.For(target), ClusterConnections.VeleroNamespaceOf(target), ct);
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable($"The restore cannot be checked against {target.Name}: {ClusterConnections.Explain(ex, target.Name)}");
        }
        if (MappingProblem(storageClassMap, "storage") is { } badStorage) return Error.Validation(badStorage) with { Field = RestoreFields.StorageClassMap };
        if (MappingProblem(ingressClassMap, "ingress") is { } badIngress) return Error.Validation(badIngress) with { Field = RestoreFields.IngressClassMap };

        var notes = new List<string>();
        TargetClusterFacts? sourceFacts = null;
        RestoreClasses classes;
        string location;
        try
        {
            var sourceConnection = connections.For(source);
            var backup = await gateway.GetBackupAsync(sourceConnection, ClusterConnections.VeleroNamespaceOf(source), backupName, ct);
            if (backup is null)
                return Error.Validation($"The backup {backupName} does not exist on cluster {source.Name} (any more).") with { Field = RestoreFields.Backup };
            if (BackupProblem(backup, @namespace) is { } problem) return Error.Validation(problem) with { Field = RestoreFields.Backup };
            sourceFacts = await kube.ReadFactsAsync(sourceConnection, ClusterConnections.VeleroNamespaceOf(source), ct);
            var written = sourceFacts.BackupLocations.FirstOrDefault(l => l.Name == backup.StorageLocation);
            if (written is null)
                return Error.Validation($"The backup {backupName} names the storage location \"{backup.StorageLocation}\", which {source.Name} no longer has; the portal cannot tell where the backup is.");
            var seen = LocationOn(target, targetFacts, written);
            if (seen.Error is not null) return seen.Error;
            location = seen.Value!;
            classes = await ClassesAsync(sourceConnection, @namespace, storageClassMap, ingressClassMap, ct);
        }
        catch (ClusterAccessException ex)
        {
            // The worst day: the source is gone. B's Velero must have synced the backup already to know where it is.
            var onTarget = await gateway.GetBackupAsync(connections.For(target), ClusterConnections.VeleroNamespaceOf(target), backupName, ct);
            if (onTarget is null)
                return Error.Unavailable($"{source.Name} cannot be reached ({ex.Message}), and the Velero of {target.Name} does not see backup {backupName}: "
                    + $"the portal cannot tell which location holds it. When {target.Name} has a location on the same bucket and prefix, Velero syncs the "
                    + "backup from it about every minute; ask again then.");
            if (BackupProblem(onTarget, @namespace) is { } problem) return Error.Validation(problem) with { Field = RestoreFields.Backup };
            location = onTarget.StorageLocation ?? "default";
            classes = new RestoreClasses([], [], storageClassMap, ingressClassMap, Known: false);
            notes.Add($"{source.Name} cannot be reached, so the portal could not read which storage and ingress classes the backup's claims and Ingresses use: "
                + $"the mappings given are applied, and any other class must exist on {target.Name}.");
        }

        var sourceClasses = sourceFacts?.StorageClasses.ToDictionary(c => c.Name, c => c.Provisioner) ?? new Dictionary<string, string>();
        var report = RestoreClassPreflight.Run(classes, targetFacts, sourceClasses);
        if (report.IsBlocked) return Error.Validation(string.Join(" ", report.Errors.Select(e => e.Message)));
        notes.AddRange(report.Warnings.Select(w => w.Message));
        return new CrossClusterRestorePlan(location, classes, notes);
    }

    /// <summary>The target's location on the same bucket and prefix as <paramref name="written"/>, usable (Available).</summary>
    public static Result<string> LocationOn(Cluster target, TargetClusterFacts facts, BackupLocationFact written) =>
        LocationOn(target.Name, facts.BackupLocations, written);

    /// <summary>THE rule for reading another cluster's backups (DR restores and cluster recovery): the target's location on
    /// the same provider, bucket and prefix as <paramref name="written"/>, at an address both reach, Available; else why not.</summary>
    public static Result<string> LocationOn(string target, IReadOnlyList<BackupLocationFact> locations, BackupLocationFact written)
    {
        var same = locations.Where(l => l.SamePlaceAs(written)).ToList();
        if (same.Count == 0)
            return Error.Validation($"{target} does not see the backup's location {written}: "
                + (locations.Count == 0 ? "it has no Velero backup storage location." : $"it has {string.Join(", ", locations)}.")
                + " Add a location on it with the same provider, bucket and prefix (ReadOnly is enough), or restore on a cluster that has one.");
        var shared = same.Where(l => l.SharedWith(written)).ToList();
        if (shared.Count == 0)
            return Error.Validation($"The location {written} names its object storage by an address that only resolves inside one cluster: "
                + $"{target} reaches its own store there and would never see the backup. Give both locations an s3Url both clusters reach.");
        if (shared.FirstOrDefault(l => l.IsAvailable) is { } ok) return ok.Name;
        var l0 = shared[0];
        return Error.Validation($"The location {l0} on {target} is {(string.IsNullOrEmpty(l0.Phase) ? "not validated yet" : l0.Phase)}. "
            + "Velero validates it regularly: check its credentials and that the bucket is reachable, then ask again.");
    }

    private static string? BackupProblem(VeleroBackupInfo backup, string @namespace) =>
        !backup.Includes(@namespace) ? $"The backup {backup.Name} does not contain namespace {@namespace}."
        : !backup.IsRestorable ? $"The backup {backup.Name} is {backup.Phase ?? "not finished"}; only a Completed or PartiallyFailed backup can be restored."
        : null;

    private static string? MappingProblem(IReadOnlyDictionary<string, string> map, string what) =>
        map.FirstOrDefault(p => string.IsNullOrWhiteSpace(p.Key) || string.IsNullOrWhiteSpace(p.Value)) is { Key: not null } bad
            ? $"A {what} class mapping needs both classes: \"{bad.Key}\" → \"{bad.Value}\"." : null;

    /// <summary>The classes the source namespace's claims and Ingresses use now (what a recent backup holds).</summary>
    public async Task<RestoreClasses> ClassesAsync(ClusterConnection source, string @namespace, IReadOnlyDictionary<string, string> storageClassMap,
        IReadOnlyDictionary<string, string> ingressClassMap, CancellationToken ct)
    {
        var objects = new List<JsonObject>();
        objects.AddRange(await kube.ListAsync(source, "v1", "PersistentVolumeClaim", @namespace, null, ct));
        objects.AddRange(await kube.ListAsync(source, "apps/v1", "StatefulSet", @namespace, null, ct));
        objects.AddRange(await kube.ListAsync(source, "networking.k8s.io/v1", "Ingress", @namespace, null, ct));
        var (claims, ingresses) = RestoreClassPreflight.ClassesUsed(objects);
        return new RestoreClasses(claims, ingresses, storageClassMap, ingressClassMap);
    }
}
