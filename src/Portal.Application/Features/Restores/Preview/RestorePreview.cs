using Portal.Domain.Requests;

namespace Portal.Application.Features.Restores.Preview;

/// <summary>What a restore would do with one item of the backup.</summary>
public enum PreviewOutcome
{
    /// <summary>Not in the target now: the restore creates it.</summary>
    Create,
    /// <summary>In the target now and kept as it is (existing objects are kept).</summary>
    Skip,
    /// <summary>In the target now and changed back to the backup's version (existing objects are updated).</summary>
    Update,
    /// <summary>In the backup, but this restore does not bring it back (Velero never restores its kind, or it is
    /// cluster-wide).</summary>
    NotRestored,
    /// <summary>Whether it exists in the target could not be read.</summary>
    Unknown,
}

/// <summary>One item of the backup and what the restore would do with it.</summary>
public sealed record PreviewItem(string ApiVersion, string Kind, string Name, PreviewOutcome Outcome, string? Note = null);

/// <summary>The items of one kind, counted per outcome.</summary>
public sealed record PreviewKindCount(string ApiVersion, string Kind, int Create, int Skip, int Update, int NotRestored, int Unknown)
{
    public int Total => Create + Skip + Update + NotRestored + Unknown;
}

/// <summary>A kind (or a resource the backup left out) that will not come back, and why, in words.</summary>
/// <param name="Count">Items of it in the backup; null for what the backup left out (so it holds none).</param>
public sealed record NotRestoredReason(string What, int? Count, string Reason);

/// <summary>The backup's claims and volumes, and whether their data comes back.</summary>
public sealed record VolumePreview(int Claims, int Volumes, bool DataRestored, string Words);

/// <summary>
/// What restoring one namespace's items from a backup into a target namespace would do, against the target as it was
/// read (<see cref="ReadAt"/>): every item with its outcome, counts per kind, what will not be restored and why, the
/// kinds whose live state could not be read, and the volumes.
/// </summary>
public sealed record RestorePreview(
    string BackupName,
    string SourceNamespace,
    string TargetNamespace,
    bool TargetExists,
    ExistingResourcePolicy Policy,
    bool RestoreVolumes,
    IReadOnlyList<PreviewItem> Items,
    IReadOnlyList<PreviewKindCount> Kinds,
    IReadOnlyList<NotRestoredReason> NotRestored,
    IReadOnlyList<string> Unknown,
    VolumePreview Volumes,
    int OtherNamespacesItems,
    DateTimeOffset ReadAt)
{
    public int Count(PreviewOutcome outcome) => Items.Count(i => i.Outcome == outcome);
}
