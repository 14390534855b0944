using Portal.Domain.Moves;
using Portal.Moves.Objects;

namespace Portal.Moves.Preflight.Rules;

/// <summary>
/// Every built-in apiVersion/kind the objects use is served by the target (its discovery). Objects on an API the
/// target no longer serves are named, with the release that removed it and the version to use instead.
/// Custom resources are checked by <see cref="CustomResourceRule"/>.
/// </summary>
internal static class ApiVersionRule
{
    public static IEnumerable<PreflightFinding> Check(PreflightContext c)
    {
        if (c.Target.ServedApis.Count == 0)
        {
            yield return new(PreflightRules.ApiVersion, PreflightSeverity.Error,
                "The target's API discovery is not known, so no apiVersion can be checked. Refresh the target cluster's facts and run the preflight again.");
            yield break;
        }
        var unserved = c.Objects.Select(ObjectKey.Of)
            .Where(k => ApiGroups.IsBuiltIn(k.Group) && !IsServed(c.Target, k.ApiVersion, k.Kind))
            .GroupBy(k => (k.ApiVersion, k.Kind))
            .OrderBy(g => g.Key.ApiVersion, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal);
        foreach (var group in unserved)
        {
            var (apiVersion, kind) = group.Key;
            var names = string.Join(", ", group.Select(k => $"\"{k.Name}\""));
            var removal = RemovedApis.Find(apiVersion, kind);
            var message = removal switch
            {
                { Replacement: { } replacement } when IsServed(c.Target, replacement, kind) =>
                    $"{kind} {names} use{S(group)} {apiVersion}, which the target no longer serves (removed in Kubernetes {removal.RemovedIn}). Rewrite {(group.Count() == 1 ? "it" : "them")} as {replacement}{Changes(removal)}.",
                { Replacement: { } replacement } =>
                    $"{kind} {names} use{S(group)} {apiVersion}, which the target no longer serves (removed in Kubernetes {removal.RemovedIn}). The replacement is {replacement}{Changes(removal)}, but the target does not serve that either.",
                not null =>
                    $"{kind} {names} use{S(group)} {apiVersion}, which the target no longer serves (removed in Kubernetes {removal.RemovedIn}), and there is no replacement{Changes(removal)}. Leave {(group.Count() == 1 ? "it" : "them")} out.",
                null =>
                    $"{kind} {names} use{S(group)} {apiVersion}, which the target does not serve. Rewrite {(group.Count() == 1 ? "it" : "them")} for an apiVersion the target serves, or enable that API on the target.",
            };
            yield return new(PreflightRules.ApiVersion, PreflightSeverity.Error, message, group.First());
        }
    }

    /// <summary>Discovery lists the group/version and, when the kinds are known, the kind.</summary>
    public static bool IsServed(TargetClusterFacts target, string apiVersion, string kind) =>
        target.ServedApis.Any(s => s.ApiVersion == apiVersion && (s.Kinds.Count == 0 || s.Kinds.Contains(kind)));

    private static string S<T>(IEnumerable<T> group) => group.Count() == 1 ? "s" : "";

    private static string Changes(RemovedApi removal) => removal.Changes is null ? "" : $" ({removal.Changes})";
}
