using System.Collections.Concurrent;
using Portal.ClusterSimulator.Velero;

namespace Portal.ClusterSimulator;

/// <summary>
/// The object storage behind Velero's BackupStorageLocations, by bucket and prefix. Give the same instance to several
/// clusters (<see cref="SimulatorOptions.ObjectStorage"/>) and they share buckets, as two real clusters pointing at
/// one S3 bucket do: a backup one cluster completes shows up, through Velero's backup sync, on every other cluster
/// with an Available location on that bucket and prefix — ready to restore there. Thread-safe.
/// </summary>
public sealed class SimulatedObjectStorage
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, StoredBackup>> _locations = new(StringComparer.Ordinal);

    /// <summary>The names of the backups stored under <paramref name="bucket"/>/<paramref name="prefix"/>.</summary>
    public IReadOnlyList<string> BackupNames(string bucket, string? prefix = null) =>
        _locations.TryGetValue(Key(bucket, prefix), out var backups) ? backups.Keys.Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>Deletes a backup from the bucket behind Velero's back (a lifecycle rule, someone with the bucket's keys):
    /// clusters that synced it keep their Backup object; one that did not never sees it.</summary>
    public void RemoveBackup(string bucket, string? prefix, string name) => Remove(bucket, prefix, name);

    internal void Put(string bucket, string? prefix, StoredBackup backup) =>
        _locations.GetOrAdd(Key(bucket, prefix), _ => new ConcurrentDictionary<string, StoredBackup>(StringComparer.Ordinal))[backup.Name] = backup;

    internal IReadOnlyCollection<StoredBackup> List(string bucket, string? prefix) =>
        _locations.TryGetValue(Key(bucket, prefix), out var backups) ? backups.Values.ToList() : [];

    internal void Remove(string bucket, string? prefix, string name)
    {
        if (_locations.TryGetValue(Key(bucket, prefix), out var backups)) backups.TryRemove(name, out _);
    }

    private static string Key(string bucket, string? prefix) => $"{bucket}/{(prefix ?? "").Trim('/')}";
}

/// <summary>A backup as Velero stores it in a bucket: its Backup object, its content, and which cluster wrote it.</summary>
internal sealed record StoredBackup(string Name, Guid Origin, string BackupJson, IReadOnlyList<BackupItem> Items);
