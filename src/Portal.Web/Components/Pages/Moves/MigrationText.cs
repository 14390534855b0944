using MudBlazor;
using Portal.Domain.Moves;

namespace Portal.Web.Components.Pages.Moves;

/// <summary>How the migration pages put waves, applications and steps into words and colours.</summary>
public static class MigrationText
{
    public static string Label(MigrationWaveStatus s) => s switch
    {
        MigrationWaveStatus.Draft => "Planning",
        MigrationWaveStatus.PendingApproval => "Awaiting approval",
        MigrationWaveStatus.CompletedWithProblems => "Completed with problems",
        MigrationWaveStatus.RolledBack => "Rolled back",
        _ => s.ToString(),
    };

    public static Color ColorOf(MigrationWaveStatus s) => s switch
    {
        MigrationWaveStatus.PendingApproval => Color.Warning,
        MigrationWaveStatus.Scheduled => Color.Info,
        MigrationWaveStatus.Running => Color.Primary,
        MigrationWaveStatus.Completed => Color.Success,
        MigrationWaveStatus.CompletedWithProblems => Color.Warning,
        MigrationWaveStatus.Closed or MigrationWaveStatus.RolledBack => Color.Dark,
        _ => Color.Default,
    };

    public static string Label(MigrationApplicationStatus s) => s switch
    {
        MigrationApplicationStatus.RollingBack => "Rolling back",
        MigrationApplicationStatus.RolledBack => "Rolled back",
        MigrationApplicationStatus.RollbackFailed => "Rollback failed",
        _ => s.ToString(),
    };

    public static Color ColorOf(MigrationApplicationStatus s) => s switch
    {
        MigrationApplicationStatus.Waiting => Color.Info,
        MigrationApplicationStatus.Moving or MigrationApplicationStatus.RollingBack => Color.Primary,
        MigrationApplicationStatus.Paused => Color.Warning,
        MigrationApplicationStatus.Moved => Color.Success,
        MigrationApplicationStatus.Failed or MigrationApplicationStatus.RollbackFailed => Color.Error,
        MigrationApplicationStatus.Skipped or MigrationApplicationStatus.RolledBack => Color.Dark,
        _ => Color.Default,
    };

    /// <summary>The cutover window in UTC, and where "now" stands in it.</summary>
    public static string Window(MigrationWave w) => $"{w.NotBefore.UtcDateTime:yyyy-MM-dd HH:mm} – {w.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC";

    public static string WindowState(MigrationWave w, DateTimeOffset now) =>
        w.WindowHasClosed(now) ? "closed"
        : w.WindowIsOpen(now) ? $"open, closes in {Span(w.NotAfter - now)}"
        : $"opens in {Span(w.NotBefore - now)}";

    public static string Span(TimeSpan d) =>
        d.TotalMinutes < 1 ? "less than a minute"
        : d.TotalMinutes < 90 ? $"{(int)Math.Round(d.TotalMinutes)} min"
        : d.TotalHours < 36 ? $"{(int)Math.Round(d.TotalHours)} hours"
        : $"{(int)Math.Round(d.TotalDays)} days";

    /// <summary>"4/8 · Apply on the target": steps done, and the step running (or the next one); while and after a
    /// rollback, the rollback's ("rollback 2/4 · ...").</summary>
    public static string Progress(MigrationApplication a)
    {
        var rollback = a.RollbackSteps.Count > 0 && a.Status is MigrationApplicationStatus.RollingBack or MigrationApplicationStatus.RolledBack
            or MigrationApplicationStatus.RollbackFailed;
        return (rollback ? "rollback " : "") + Progress(rollback ? a.RollbackSteps : a.Steps);
    }

    /// <summary>Steps done of these, and the one running (or the next one).</summary>
    public static string Progress(IReadOnlyList<MigrationStepState> steps)
    {
        if (steps.Count == 0) return "—";
        var done = steps.Count(s => s.IsFinished);
        var current = steps.FirstOrDefault(s => s.Status is MigrationStepStatus.Running or MigrationStepStatus.Failed)
            ?? steps.FirstOrDefault(s => s.Status == MigrationStepStatus.Pending);
        return current is null ? $"{done}/{steps.Count}" : $"{done}/{steps.Count} · {current.Step.Title()}";
    }

    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") : "—";
}
