using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Restores.Preview;

/// <summary>The wish a preview is computed for: which namespace of the backup, into which namespace, and how.</summary>
/// <param name="TargetIsTenants">The target is a namespace of the requester's tenant (or the source itself); otherwise it
/// must not exist: a namespace nobody gave the tenant is never read.</param>
public sealed record PreviewWish(string SourceNamespace, string TargetNamespace, ExistingResourcePolicy Policy, bool RestoreVolumes,
    bool TargetIsTenants = true);

/// <summary>
/// Compares a backup's items of one namespace with the target namespace as it is now, the way Velero's restore of one
/// namespace treats them: an item missing from the target is created; one that exists is kept (existing resource policy
/// none) or changed back to the backup's version (update); the kinds Velero never restores stay out
/// (<see cref="NonRestorableResources"/>), as do cluster-wide items other than the claims' volumes; a kind whose live
/// state could not be read is "unknown", never guessed. Pure: the reads happen before.
/// </summary>
public static class RestorePreviewer
{
    private const string CoreVolume = "PersistentVolume";
    private const string CoreClaim = "PersistentVolumeClaim";

    public static RestorePreview Compare(BackupResourceList backup, PreviewWish wish, LiveNamespaceContents live, DateTimeOffset readAt)
    {
        ArgumentNullException.ThrowIfNull(backup);
        ArgumentNullException.ThrowIfNull(wish);
        ArgumentNullException.ThrowIfNull(live);
        var items = new List<PreviewItem>();
        var notRestored = new Dictionary<string, (int Count, string Reason)>(StringComparer.Ordinal);
        var volumes = 0;
        var others = 0;
        foreach (var (kind, entries) in backup.Items)
        {
            foreach (var entry in entries)
            {
                var slash = entry.IndexOf('/', StringComparison.Ordinal);
                var (ns, name) = slash < 0 ? ((string?)null, entry) : (entry[..slash], entry[(slash + 1)..]);
                if (ns is null)
                {
                    if (kind.Group.Length == 0 && kind.Kind == "Namespace")
                    {
                        if (name == wish.SourceNamespace) items.Add(NamespaceItem(kind, wish, live));
                        else others++;
                    }
                    else if (kind.Group.Length == 0 && kind.Kind == CoreVolume)
                    {
                        volumes++;
                    }
                    else
                    {
                        var why = NonRestorableResources.Why(kind.Group, kind.Kind)
                            ?? "cluster-wide: a restore of one namespace leaves it out";
                        items.Add(new PreviewItem(kind.ApiVersion, kind.Kind, name, PreviewOutcome.NotRestored, why));
                        Count(notRestored, $"{kind.Kind} ({kind.ApiVersion})", why);
                    }

                    continue;
                }

                if (ns != wish.SourceNamespace)
                {
                    others++;
                    continue;
                }

                items.Add(Item(kind, name, wish, live, notRestored));
            }
        }

        items.Sort(ItemOrder);
        var reasons = notRestored.Select(n => new NotRestoredReason(n.Key, n.Value.Count, n.Value.Reason))
            .Concat(backup.ExcludedResources.Select(r => new NotRestoredReason(r, null, "left out of the backup (its excluded resources)")))
            .OrderBy(r => r.What, StringComparer.Ordinal).ToList();
        var unknown = live.Unknown.Where(u => items.Any(i => i.ApiVersion == u.Key.ApiVersion && i.Kind == u.Key.Kind))
            .Select(u => $"unknown for {u.Key.Kind} ({u.Key.ApiVersion}): {u.Value}").Order(StringComparer.Ordinal).ToList();
        var claims = items.Count(i => i.Kind == CoreClaim && i.ApiVersion == "v1" && i.Outcome != PreviewOutcome.NotRestored);
        return new RestorePreview(backup.BackupName, wish.SourceNamespace, wish.TargetNamespace, live.NamespaceExists, wish.Policy,
            wish.RestoreVolumes, items, KindCounts(items), reasons, unknown, Volumes(claims, volumes, wish.RestoreVolumes), others, readAt);
    }

    private static PreviewItem NamespaceItem(BackupKind kind, PreviewWish wish, LiveNamespaceContents live) =>
        live.NamespaceExists
            ? new PreviewItem(kind.ApiVersion, kind.Kind, wish.TargetNamespace, PreviewOutcome.Skip,
                $"the namespace exists; Velero keeps it as it is{(wish.TargetNamespace != wish.SourceNamespace ? $" (restored as {wish.TargetNamespace})" : "")}")
            : new PreviewItem(kind.ApiVersion, kind.Kind, wish.TargetNamespace, PreviewOutcome.Create,
                wish.TargetNamespace != wish.SourceNamespace ? $"{wish.SourceNamespace} restored as {wish.TargetNamespace}" : null);

    private static PreviewItem Item(BackupKind kind, string name, PreviewWish wish, LiveNamespaceContents live,
        Dictionary<string, (int Count, string Reason)> notRestored)
    {
        if (NonRestorableResources.Why(kind.Group, kind.Kind) is { } never)
        {
            Count(notRestored, $"{kind.Kind} ({kind.ApiVersion})", never);
            return new PreviewItem(kind.ApiVersion, kind.Kind, name, PreviewOutcome.NotRestored, never);
        }

        var note = kind.Group.Length == 0 && kind.Kind == CoreClaim
            ? wish.RestoreVolumes ? "its data comes back from the backup" : "restored without its data (restore volumes is off): it binds to a new, empty volume"
            : null;
        if (!live.NamespaceExists)
        {
            return new PreviewItem(kind.ApiVersion, kind.Kind, name, PreviewOutcome.Create, note);
        }

        if (live.Unknown.TryGetValue(kind, out var why))
        {
            return new PreviewItem(kind.ApiVersion, kind.Kind, name, PreviewOutcome.Unknown, $"unknown for {kind.Kind}: {why}");
        }

        var exists = live.Names.TryGetValue(kind, out var names) && names.Contains(name);
        if (!exists) return new PreviewItem(kind.ApiVersion, kind.Kind, name, PreviewOutcome.Create, note);
        return wish.Policy == ExistingResourcePolicy.Update
            ? new PreviewItem(kind.ApiVersion, kind.Kind, name, PreviewOutcome.Update, "exists; changed back to the backup's version")
            : new PreviewItem(kind.ApiVersion, kind.Kind, name, PreviewOutcome.Skip, "exists; kept as it is");
    }

    private static void Count(Dictionary<string, (int Count, string Reason)> into, string what, string reason) =>
        into[what] = (into.TryGetValue(what, out var c) ? c.Count + 1 : 1, reason);

    private static VolumePreview Volumes(int claims, int volumes, bool restoreVolumes)
    {
        if (claims == 0) return new VolumePreview(0, volumes, false, "The backup holds no volume claims of this namespace.");
        var words = restoreVolumes
            ? $"{claims} claim(s) come back with their data from the backup's snapshots or file copies" +
              (volumes > 0 ? $" ({volumes} volume(s) in the backup)." : ".")
            : $"{claims} claim(s) come back without their data: restore volumes is off, so each binds to a new, empty volume.";
        return new VolumePreview(claims, volumes, restoreVolumes, words);
    }

    private static List<PreviewKindCount> KindCounts(IEnumerable<PreviewItem> items) =>
        items.GroupBy(i => (i.ApiVersion, i.Kind))
            .Select(g => new PreviewKindCount(g.Key.ApiVersion, g.Key.Kind,
                g.Count(i => i.Outcome == PreviewOutcome.Create), g.Count(i => i.Outcome == PreviewOutcome.Skip),
                g.Count(i => i.Outcome == PreviewOutcome.Update), g.Count(i => i.Outcome == PreviewOutcome.NotRestored),
                g.Count(i => i.Outcome == PreviewOutcome.Unknown)))
            .OrderBy(k => k.Kind, StringComparer.Ordinal).ThenBy(k => k.ApiVersion, StringComparer.Ordinal).ToList();

    private static int ItemOrder(PreviewItem a, PreviewItem b)
    {
        var byKind = string.CompareOrdinal(a.Kind, b.Kind);
        if (byKind != 0) return byKind;
        var byVersion = string.CompareOrdinal(a.ApiVersion, b.ApiVersion);
        return byVersion != 0 ? byVersion : string.CompareOrdinal(a.Name, b.Name);
    }
}
