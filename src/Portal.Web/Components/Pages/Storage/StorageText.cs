using System.Text;
using Portal.Application.Features.Storage.ClassChange;

namespace Portal.Web.Components.Pages.Storage;

/// <summary>The words of the storage page.</summary>
internal static class StorageText
{
    /// <summary>The confirmation of a snapshot class change: what moves, and what depends on it.</summary>
    public static string Dependents(SnapshotClassChangePreview p)
    {
        var text = new StringBuilder();
        text.AppendLine($"On {p.ClusterName}: {p.Summary} (deletion policy {p.DeletionPolicy}).");
        text.AppendLine(p.LosingTheMark.Count == 0
            ? "No other class of the driver loses its mark."
            : $"{string.Join(", ", p.LosingTheMark)} lose{(p.LosingTheMark.Count == 1 ? "s" : "")} the mark.");
        text.AppendLine(p.StorageClasses.Count == 0
            ? "No storage class of this cluster uses the driver."
            : $"Storage classes of the driver: {string.Join(", ", p.StorageClasses)}.");
        if (p.Claims == 0)
        {
            text.AppendLine("No claim uses the driver now: no snapshot or Velero backup depends on the change yet.");
        }
        else
        {
            text.AppendLine($"{p.Claims} claim{(p.Claims == 1 ? "" : "s")} of {(p.Tenants.Count == 0 ? "no tenant" : string.Join(", ", p.Tenants))} " +
                "would be snapshotted with this class by Velero backups and snapshots that name no class, including scheduled ones:");
            text.AppendLine(string.Join(", ", p.ClaimsShown) + (p.Claims > p.ClaimsShown.Count ? $" and {p.Claims - p.ClaimsShown.Count} more" : ""));
        }

        if (p.Schedules.Count == 0 && p.SchedulesHidden == 0)
        {
            text.AppendLine("No snapshot schedule of the portal uses the class.");
        }
        else
        {
            text.AppendLine($"Snapshot schedules that use the class: {(p.Schedules.Count == 0 ? "none you may see" : string.Join("; ", p.Schedules))}" +
                (p.SchedulesHidden > 0 ? $"; and {p.SchedulesHidden} of tenants you may not see." : "."));
        }

        text.Append("A platform engineer other than you approves the change; the portal checks the class again before it writes.");
        return text.ToString();
    }
}
