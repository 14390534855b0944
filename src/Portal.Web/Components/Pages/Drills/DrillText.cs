using MudBlazor;
using Portal.Application.Features.Recovery.Drills;
using Portal.Domain.Common;
using Portal.Domain.Recovery;

namespace Portal.Web.Components.Pages.Drills;

/// <summary>How drills are said on every page (panel, drill page, history, evidence): one wording.</summary>
public static class DrillText
{
    public static string Link(Guid drillId) => $"/drills/{drillId}";
    public static string Evidence(Guid namespaceId) => $"/namespaces/{namespaceId}/drills/evidence";
    public static string Csv(Guid namespaceId) => Endpoints.DrillEvidenceEndpoints.Path(namespaceId);

    public static string Result(DrillView d) => d.Status switch
    {
        DrillStatus.Passed when !d.MetTarget => "Passed, slower than target",
        _ => d.Status.Display(),
    };

    public static Color ResultColor(DrillView d) => d.Status switch
    {
        DrillStatus.Passed when d.MetTarget => Color.Success,
        DrillStatus.Passed => Color.Warning,
        DrillStatus.Failed => Color.Error,
        DrillStatus.Cancelled => Color.Default,
        _ => Color.Info,
    };

    public static string Rto(DrillView d) => d.MeasuredRto is { } rto ? Durations.Words(rto) : "—";

    /// <summary>The measured RTO against the target in words: "12 minutes, within the target of 30 minutes".</summary>
    public static string RtoAgainstTarget(DrillView d) => d.MeasuredRto is { } rto
        ? TargetRto.Meets(rto, d.TargetRto)
            ? $"{Durations.Words(rto)}, within the target of {Durations.Words(d.TargetRto)}"
            : $"{Durations.Words(rto)}, slower than the target of {Durations.Words(d.TargetRto)}"
        : $"not measured (target {Durations.Words(d.TargetRto)})";

    public static string Trigger(DrillTrigger t) => t == DrillTrigger.Scheduled ? "scheduled" : "on demand";

    public static string Backup(DrillView d) => d.BackupName is { } b
        ? b + (d.BackupChosen ? " (chosen)" : " (latest good)")
        : d.BackupChosen ? "chosen" : "latest good (found when the drill runs)";

    public static string Cleanup(DrillView d) => d.CleanupState switch
    {
        DrillCleanupState.Done => d.CleanedUpAt is { } at ? $"Removed at {Utc(at)}" : "Removed",
        DrillCleanupState.Kept => $"Kept for inspection until {Utc(d.KeepUntil)}",
        DrillCleanupState.Failed => $"Removal failed: {d.CleanupError}. The sweeper tries again.",
        _ => d.Status.IsTerminal() ? "Waiting for the sweeper to remove it" : d.KeepForInspectionWords(),
    };

    private static string KeepForInspectionWords(this DrillView d) => "Removed when the drill ends";

    public static string Utc(DateTimeOffset? at) => at is { } t ? $"{t.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "—";

    /// <summary>Hours typed by the user for "keep for inspection", read strictly: null (and the reason) when not a whole number
    /// of hours from 1 to the maximum; empty means "do not keep".</summary>
    public static string? ExplainKeepHours(int? hours, TimeSpan max) =>
        hours is { } h && TimeSpan.FromHours(h) > max ? $"A drill can be kept for at most {Durations.Words(max)}." : null;
}
