using MudBlazor;
using Portal.Application.Features.Restores.Preview;
using Portal.Domain.Requests;

namespace Portal.Web.Components.Pages.Restores;

/// <summary>The words and colours of a preview, one place for the form, the request page and the approvals.</summary>
internal static class PreviewText
{
    public static string Words(PreviewOutcome outcome) => outcome switch
    {
        PreviewOutcome.Create => "will be created",
        PreviewOutcome.Skip => "exist, will be skipped",
        PreviewOutcome.Update => "exist, will be updated",
        PreviewOutcome.NotRestored => "will not be restored",
        _ => "unknown",
    };

    /// <summary>A count with its outcome: "1 exists, will be skipped", "12 exist, will be skipped".</summary>
    public static string Count(PreviewOutcome outcome, int count) =>
        count == 1 && outcome is PreviewOutcome.Skip or PreviewOutcome.Update ? $"1 exists, will be {(outcome == PreviewOutcome.Skip ? "skipped" : "updated")}"
        : $"{count} {Words(outcome)}";

    public static Color ColorOf(PreviewOutcome outcome) => outcome switch
    {
        PreviewOutcome.Create => Color.Success,
        PreviewOutcome.Skip => Color.Default,
        PreviewOutcome.Update => Color.Warning,
        PreviewOutcome.NotRestored => Color.Secondary,
        _ => Color.Error,
    };

    public static string Target(RestorePreviewPage p)
    {
        var into = p.TargetExists ? $"into {p.TargetNamespace}, which exists now" : $"into {p.TargetNamespace}, which does not exist yet (everything is created)";
        var policy = p.Policy == ExistingResourcePolicy.Update ? "objects that exist are changed back to the backup's version" : "objects that exist are kept as they are";
        return $"Backup {p.BackupName}, namespace {p.SourceNamespace}, {into}; {policy}. {p.Total} item(s) in all.";
    }
}
