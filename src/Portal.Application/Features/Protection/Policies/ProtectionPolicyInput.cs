using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Schedules;
using Portal.Domain.Common;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Policies;

/// <summary>What a platform engineer fills in for a policy, as typed (the form's fields, not yet checked).</summary>
public sealed record ProtectionPolicyInput(
    string? Description,
    string Cron,
    string TimeZone,
    TimeSpan Retention,
    TimeSpan TargetRpo,
    VolumeProtection Volumes,
    string? StorageLocation,
    IReadOnlyList<string> ExcludedResources,
    IReadOnlyList<BackupHook> Hooks,
    bool CountSnapshots = false);

/// <summary>Checks a policy's input as a whole, the one way both making and changing a policy do: the cron and zone
/// with the one cron check (<see cref="PreviewSchedule"/>), that the runs come often enough for the target RPO, the
/// domain's rules (<see cref="ProtectionPolicySettings.Problem"/>), and the storage location against what the clusters
/// report (a warning: a location can be added to a cluster after the policy is made).</summary>
internal static class ProtectionPolicyInputCheck
{
    public static async Task<Result<(ProtectionPolicySettings Settings, IReadOnlyList<string> Warnings)>> CheckAsync(
        IPortalDbContext db, ProtectionPolicyInput input, DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.TimeZone)) return Error.Validation("Choose the time zone the schedule runs in, e.g. Europe/Berlin or Etc/UTC.");
        var preview = PreviewSchedule.Preview(input.Cron, input.TimeZone, 1, now);
        if (!preview.IsSuccess) return preview.Error!;
        var settings = new ProtectionPolicySettings(input.Cron.Trim(), preview.Value!.TimeZone, input.Retention, input.TargetRpo, input.Volumes,
            input.StorageLocation, input.ExcludedResources, input.Hooks, input.Description, input.CountSnapshots);
        if (settings.Problem() is { } problem) return Error.Validation(problem);

        var (gap, after) = PreviewSchedule.LongestGap(settings.Cron, settings.TimeZone, now);
        if (gap > input.TargetRpo)
            return Error.Validation($"The schedule leaves up to {Durations.Words(gap)} between runs (after the run of {After(after, settings.TimeZone)}): "
                + $"a target RPO of {Durations.Words(input.TargetRpo)} would be missed. Run more often, or make the RPO at least {Durations.Words(gap)}.");

        var warnings = new List<string>();
        if (settings.StorageLocation is { Length: > 0 } location)
        {
            var known = await PolicyAccess.KnownLocationsAsync(db, ct);
            if (!known.Contains(location.Trim(), StringComparer.Ordinal))
                warnings.Add($"No registered cluster reports a backup storage location named {location.Trim()}"
                    + (known.Count == 0 ? "." : $" (they report {string.Join(", ", known)}).")
                    + " Schedules on this policy fail validation on a cluster until it has one.");
        }
        return (settings, warnings);
    }

    private static string After(DateTimeOffset run, string zone) =>
        $"{TimeZoneInfo.ConvertTime(run, TimeZoneInfo.FindSystemTimeZoneById(zone)):yyyy-MM-dd HH:mm} {zone}";
}
