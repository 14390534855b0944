using System.Globalization;

namespace Portal.Domain.Protection;

/// <summary>One CSI snapshot of a claim, as the rule needs it.</summary>
public sealed record SnapshotFact(string ClaimName, bool Ready, DateTimeOffset TakenAt);

/// <summary>A namespace's snapshot recovery point: <see cref="At"/>, or null with <see cref="Gap"/> saying in words why
/// there is none (no bound claim, or the claims without a ready snapshot).</summary>
public sealed record SnapshotPoint(DateTimeOffset? At, string? Gap);

/// <summary>
/// When CSI snapshots can bring a whole namespace back to a time T: only when EVERY bound claim of the namespace has a
/// ready snapshot taken at or after T. The namespace's snapshot recovery point is therefore the oldest of its claims'
/// newest ready snapshots; a claim without a ready snapshot means there is none. A namespace without bound claims has no
/// data for snapshots to hold, and no snapshot point. Snapshots live on the cluster and its storage: they never stand in
/// for a backup when the cluster is lost.
/// </summary>
public static class SnapshotRecoveryPoint
{
    public static SnapshotPoint Of(IReadOnlyCollection<string> boundClaims, IEnumerable<SnapshotFact> snapshots)
    {
        ArgumentNullException.ThrowIfNull(boundClaims);
        ArgumentNullException.ThrowIfNull(snapshots);
        if (boundClaims.Count == 0) return new(null, "The namespace has no bound claims to snapshot.");
        var newest = snapshots.Where(s => s.Ready).GroupBy(s => s.ClaimName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(s => s.TakenAt), StringComparer.Ordinal);
        var without = boundClaims.Distinct(StringComparer.Ordinal).Where(c => !newest.ContainsKey(c)).Order(StringComparer.Ordinal).ToList();
        if (without.Count > 0)
        {
            var names = without.Count <= 3 ? string.Join(", ", without) : $"{string.Join(", ", without.Take(3))} and {without.Count - 3} more";
            var have = boundClaims.Distinct(StringComparer.Ordinal).Count() - without.Count;
            return new(null, string.Create(CultureInfo.InvariantCulture,
                $"{have} of {have + without.Count} claims have a ready snapshot; no ready snapshot of {names}."));
        }

        return new(boundClaims.Min(c => newest[c]), null);
    }

    /// <summary>Whether the namespace can be brought back to <paramref name="t"/> from snapshots alone.</summary>
    public static bool Covers(DateTimeOffset t, IReadOnlyCollection<string> boundClaims, IEnumerable<SnapshotFact> snapshots) =>
        Of(boundClaims, snapshots).At is { } at && at >= t;
}
