using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Protection;

namespace Portal.Execution.Protection;

/// <summary>Tells whether a protection's Schedule on the cluster is still the one the portal wrote (its spec hash), and
/// when it is not, says in words what differs from the policy: schedule, paused, retention (ttl), namespaces, location.</summary>
internal static partial class ScheduleDriftCheck
{
    /// <summary>The drift to record, or null when there is nothing to judge yet (the executor has not recorded what it
    /// wrote).</summary>
    public static (ScheduleDrift Drift, string? Detail)? Judge(NamespaceProtection protection, ProtectionPolicy? policy, VeleroScheduleInfo? onCluster)
    {
        if (protection.AppliedSpecHash is null) return null;
        if (onCluster is null)
            return (ScheduleDrift.Missing, $"the Velero Schedule {protection.ScheduleName} is not on the cluster any more");
        if (onCluster.SpecHash == protection.AppliedSpecHash) return (ScheduleDrift.None, null);
        return (ScheduleDrift.Changed, Describe(protection, policy, onCluster));
    }

    public static string Describe(NamespaceProtection protection, ProtectionPolicy? policy, VeleroScheduleInfo s)
    {
        var diffs = new List<string>();
        if (policy is not null)
        {
            var cron = $"CRON_TZ={policy.TimeZone} {policy.Cron}";
            if (!string.Equals(s.Cron.Trim(), cron, StringComparison.Ordinal))
                diffs.Add($"schedule is \"{s.Cron}\" on the cluster, \"{cron}\" in policy {policy.Name}");
            if (ParseGoDuration(s.Ttl) is var ttl && ttl != policy.Retention)
                diffs.Add($"retention (ttl) is {(ttl is { } t ? Durations.Words(t) : s.Ttl ?? "not set")} on the cluster, {Durations.Words(policy.Retention)} in the policy");
            if (!string.Equals(s.StorageLocation, policy.StorageLocation, StringComparison.Ordinal))
                diffs.Add($"location is {s.StorageLocation ?? "the default"} on the cluster, {policy.StorageLocation ?? "the default"} in the policy");
        }

        if (s.Paused != protection.Paused)
            diffs.Add(s.Paused ? "paused on the cluster, running in the portal" : "running on the cluster, paused in the portal");
        if (protection.Target == ProtectionTarget.Namespace && !(s.IncludedNamespaces is [var only] && only == protection.Namespace))
            diffs.Add($"namespaces are {(s.IncludedNamespaces.Count == 0 ? "all" : string.Join(", ", s.IncludedNamespaces))} on the cluster, {protection.Namespace} in the portal");
        return diffs.Count > 0
            ? string.Join("; ", diffs)
            : "its spec differs from what the portal wrote (volumes, hooks, excluded resources or the backup template's labels)";
    }

    /// <summary>A Go duration as Velero writes its ttl (<c>720h0m0s</c>, <c>90m</c>, <c>1.5h</c>); null when it is not one.</summary>
    internal static TimeSpan? ParseGoDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var m = GoDurationPattern().Match(text.Trim());
        if (!m.Success || text.Trim().Length == 0) return null;
        double Part(int i) => m.Groups[i].Success ? double.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        return TimeSpan.FromHours(Part(1)) + TimeSpan.FromMinutes(Part(2)) + TimeSpan.FromSeconds(Part(3));
    }

    [GeneratedRegex(@"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$")]
    private static partial Regex GoDurationPattern();
}
