using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Clusters;

namespace Portal.Application.Features.Restores.Preview;

/// <summary>
/// Reads what a preview compares (the backup's resource list, the target namespace now) and keeps the computed preview
/// for a short while, so paging through tens of thousands of items does not list the target again for every page.
/// Cluster failures come back as an <see cref="Error"/> in words, with the next step.
/// </summary>
public sealed class RestorePreviewReader(IRestorePreviewGateway previews, IClusterGateway clusters, ClusterConnections connections,
    TimeProvider time)
{
    /// <summary>How long a computed preview is reused while the user pages; "Read again" always reads anew.</summary>
    public static readonly TimeSpan Reuse = TimeSpan.FromSeconds(30);

    private readonly BoundedCache<string, RestorePreview> _recent = new(64, Reuse, time);

    /// <summary>The preview of restoring <paramref name="backupName"/> into the target on <paramref name="target"/>. The
    /// backup is read on the first of <paramref name="backupClusters"/> that answers and holds it: for a restore to another
    /// cluster, that cluster (once its Velero synced the backup) before the one the backup was taken on, which may be gone.</summary>
    public async Task<Result<RestorePreview>> ReadAsync(IReadOnlyList<Cluster> backupClusters, Cluster target, PreviewWish wish, string backupName,
        bool fresh, CancellationToken ct)
    {
        var key = $"{string.Join(",", backupClusters.Select(c => c.Id))}>{target.Id}|{backupName}|{wish.SourceNamespace}|{wish.TargetNamespace}|{wish.Policy}|{wish.RestoreVolumes}|{wish.TargetIsTenants}";
        if (!fresh && _recent.TryGet(key, out var kept)) return kept;
        var list = await ReadBackupAsync(backupClusters, wish, backupName, ct);
        if (!list.IsSuccess) return list.Error!;
        var connection = connections.For(target);
        try
        {
            var kinds = list.Value!.Items.Where(i => i.Value.Any(e => e.StartsWith(wish.SourceNamespace + "/", StringComparison.Ordinal)))
                .Select(i => i.Key).Where(k => NonRestorableResources.Why(k.Group, k.Kind) is null).ToList();
            var live = await clusters.GetNamespaceAsync(connection, wish.TargetNamespace, ct);
            if (live is not null && !wish.TargetIsTenants)
                return Error.Validation($"Namespace {wish.TargetNamespace} already exists on cluster {target.Name} and is not owned by your tenant. " +
                    "Choose a new name, or ask a platform engineer to assign it to your tenant.") with { Field = RestoreFields.TargetNamespace };
            var contents = live is null ? LiveNamespaceContents.Missing
                : await previews.ReadNamespaceContentsAsync(connection, wish.TargetNamespace, kinds, ct);
            var preview = RestorePreviewer.Compare(list.Value!, wish, contents, time.GetUtcNow());
            _recent.Set(key, preview);
            return preview;
        }
        catch (ClusterAccessException e)
        {
            return Unreadable(e, target);
        }
    }

    /// <summary>The backup's resource list from the first cluster that answers and holds the backup; when none does, the
    /// last cluster's answer in words.</summary>
    private async Task<Result<BackupResourceList>> ReadBackupAsync(IReadOnlyList<Cluster> candidates, PreviewWish wish, string backupName,
        CancellationToken ct)
    {
        Error? last = null;
        foreach (var cluster in candidates)
        {
            var connection = connections.For(cluster);
            var velero = ClusterConnections.VeleroNamespaceOf(cluster);
            try
            {
                var backup = await clusters.GetBackupAsync(connection, velero, backupName, ct);
                if (backup is null)
                {
                    last = Error.Validation($"The backup {backupName} does not exist on cluster {cluster.Name} (any more).") with { Field = RestoreFields.Backup };
                    continue;
                }
                if (!backup.Includes(wish.SourceNamespace))
                    return Error.Validation($"The backup {backupName} does not contain namespace {wish.SourceNamespace}.") with { Field = RestoreFields.Backup };
                if (!backup.IsRestorable)
                    return Error.Validation($"The backup {backupName} is {backup.Phase ?? "not finished"}; only a Completed or PartiallyFailed backup can be previewed and restored.") with { Field = RestoreFields.Backup };
                var list = await previews.ReadBackupResourceListAsync(connection, velero, backupName, ct);
                if (list is not null) return list;
                last = Error.Validation($"The backup {backupName} does not exist on cluster {cluster.Name} (any more).") with { Field = RestoreFields.Backup };
            }
            catch (ClusterAccessException e)
            {
                last = Unreadable(e, cluster);
            }
            catch (ClusterWaitTimeoutException e)
            {
                last = Error.Unavailable($"Velero did not prepare the backup's resource list in time ({e.Message}) Check that Velero runs on " +
                    $"cluster {cluster.Name} and that the backup's storage location is Available, then read the preview again.");
            }
        }
        return last ?? Error.Validation($"The backup {backupName} was not found.") with { Field = RestoreFields.Backup };
    }

    private static Error Unreadable(ClusterAccessException e, Cluster cluster)
    {
        var next = e.Fault switch
        {
            ClusterFault.ToolMissing => " The preview (and the restore) need Velero on the cluster.",
            ClusterFault.Unreachable or ClusterFault.Timeout => " Try the preview again once the cluster answers.",
            _ => " Try again; if it keeps failing, ask a platform engineer to look at Velero on the cluster.",
        };
        return Error.Unavailable($"The preview could not be read: {ClusterConnections.Explain(e, cluster.Name)}{next}");
    }

    /// <summary>One page of the items, filtered by outcome and kind, with the summary of the whole preview.</summary>
    public static RestorePreviewPage Page(RestorePreview p, PreviewOutcome? outcome, string? kind, PageRequest page)
    {
        IEnumerable<PreviewItem> items = p.Items;
        if (outcome is { } o) items = items.Where(i => i.Outcome == o);
        if (!string.IsNullOrWhiteSpace(kind)) items = items.Where(i => i.Kind == kind.Trim());
        var filtered = items.ToList();
        var totals = Enum.GetValues<PreviewOutcome>().ToDictionary(x => x, p.Count);
        return new RestorePreviewPage(p.BackupName, p.SourceNamespace, p.TargetNamespace, p.TargetExists, p.Policy, p.RestoreVolumes, totals,
            p.Kinds, p.NotRestored, p.Unknown, p.Volumes, p.OtherNamespacesItems, p.ReadAt,
            new Page<PreviewItem>(filtered.Skip(page.Skip).Take(page.Take).ToList(), filtered.Count));
    }
}

/// <summary>A preview as the screens show it: the summary of everything, and one page of items.</summary>
public sealed record RestorePreviewPage(
    string BackupName,
    string SourceNamespace,
    string TargetNamespace,
    bool TargetExists,
    Portal.Domain.Requests.ExistingResourcePolicy Policy,
    bool RestoreVolumes,
    IReadOnlyDictionary<PreviewOutcome, int> Totals,
    IReadOnlyList<PreviewKindCount> Kinds,
    IReadOnlyList<NotRestoredReason> NotRestored,
    IReadOnlyList<string> Unknown,
    VolumePreview Volumes,
    int OtherNamespacesItems,
    DateTimeOffset ReadAt,
    Page<PreviewItem> Items)
{
    public int Total => Totals.Values.Sum();
}
