using Portal.Domain.Moves;
using Portal.Moves.Playbooks;

namespace Portal.Moves.Preflight.Rules;

/// <summary>For the Velero playbooks: the source and the target each have a backup storage location pointing at the
/// same place (provider, bucket, prefix), both Available, and the source's may be written to.</summary>
internal static class BackupLocationRule
{
    public static IEnumerable<PreflightFinding> Check(PreflightContext c)
    {
        if (!c.Playbook.UsesVelero()) yield break;
        var source = c.Target.SourceBackupLocations;
        var target = c.Target.BackupLocations;
        if (source.Count == 0)
        {
            yield return Error("The source cluster has no Velero backup storage location. Install Velero there and add a location in a bucket the target can read too.");
            yield break;
        }
        if (target.Count == 0)
        {
            yield return Error($"The target cluster has no Velero backup storage location. Add one with the same provider, bucket and prefix as the source's {List(source)} (ReadOnly is enough on the target).");
            yield break;
        }
        var pairs = source.SelectMany(s => target.Where(s.SamePlaceAs).Select(t => (Source: s, Target: t))).ToList();
        if (pairs.Count == 0)
        {
            yield return Error($"The clusters do not see the same backup storage location: the source has {List(source)}, the target {List(target)}. Add a location on the target with the same provider, bucket and prefix as one of the source's.");
            yield break;
        }
        var reachable = pairs.Where(p => !p.Source.IsClusterLocal && !p.Target.IsClusterLocal).ToList();
        if (reachable.Count == 0)
        {
            var (ls, lt) = pairs[0];
            var where = string.Join(" and ", new[] { (Side: "source", L: ls), (Side: "target", L: lt) }
                .Where(x => x.L.IsClusterLocal).Select(x => $"{x.L.Url} on the {x.Side}"));
            yield return Error($"The shared location {ls} names its object storage by an address that only resolves inside one cluster ({where}): " +
                               "each cluster reaches its own store, so the target would never see the backup (the move would wait with the source stopped). " +
                               "Give both locations an s3Url both clusters reach, or move by Export, transform and apply (the claims are copied directly between the clusters).");
            yield break;
        }
        pairs = reachable;
        var usable = pairs.Where(p => p.Source.IsAvailable && p.Target.IsAvailable && !p.Source.IsReadOnly).ToList();
        if (usable.Count > 0) yield break;
        var (s, t) = pairs.OrderByDescending(p => (p.Source.IsAvailable ? 1 : 0) + (p.Target.IsAvailable ? 1 : 0)).First();
        if (!s.IsAvailable)
            yield return Error($"The shared location {s} is {PhaseOf(s)} on the source. Velero validates it regularly: check its credentials and that the bucket is reachable, then run the preflight again.");
        if (!t.IsAvailable)
            yield return Error($"The shared location {t} is {PhaseOf(t)} on the target. Velero validates it regularly: check its credentials and that the bucket is reachable, then run the preflight again.");
        if (s.IsReadOnly)
            yield return Error($"The shared location {s} is ReadOnly on the source, so Velero cannot write the backup there. Set its accessMode to ReadWrite on the source.");
    }

    private static PreflightFinding Error(string message) => new(PreflightRules.BackupLocation, PreflightSeverity.Error, message);

    private static string List(IEnumerable<BackupLocationFact> locations) => string.Join(", ", locations.Select(l => l.ToString()));

    private static string PhaseOf(BackupLocationFact location) => string.IsNullOrEmpty(location.Phase) ? "not validated yet" : location.Phase;
}
