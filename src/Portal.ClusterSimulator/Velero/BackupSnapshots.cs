using System.Collections.Concurrent;

namespace Portal.ClusterSimulator.Velero;

/// <summary>One object captured by a backup, kept serialized (the "tarball" in object storage).</summary>
internal sealed record BackupItem(string StoreKey, string? Namespace, string Json);

/// <summary>
/// The simulator's object storage: the objects each completed backup captured, keyed by "namespace/name" of the
/// Backup. A restore reads from here, so it brings back what existed at backup time, not what exists now.
/// </summary>
internal sealed class BackupSnapshots
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<BackupItem>> _byBackup = new(StringComparer.Ordinal);

    public void Save(string ns, string name, IReadOnlyList<BackupItem> items) => _byBackup[Key(ns, name)] = items;

    public IReadOnlyList<BackupItem>? Find(string ns, string name) => _byBackup.TryGetValue(Key(ns, name), out var items) ? items : null;

    public void Remove(string ns, string name) => _byBackup.TryRemove(Key(ns, name), out _);

    private static string Key(string ns, string name) => $"{ns}/{name}";
}
