using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;

namespace Portal.Execution.Velero;

/// <summary>Follows a Velero Backup or Restore to its end, writing every phase change and progress step
/// to the request, and turns Velero's final phase into the request's outcome in words.</summary>
internal sealed class VeleroFollower(IClusterGateway gateway)
{
    /// <param name="on">The cluster the object is on, when not the request's (a drill on another cluster), with its Velero namespace.</param>
    public async Task<ExecutionOutcome> FollowAsync(RequestRun run, VeleroObjectKind kind, string name, CancellationToken ct,
        (ClusterConnection Connection, string VeleroNamespace)? on = null)
    {
        string? lastPhase = run.Request.Phase;
        (int? total, int? done) lastProgress = (run.Request.ItemsTotal, run.Request.ItemsDone);
        VeleroObjectStatus? last = null;
        await foreach (var status in gateway.WatchVeleroObjectAsync(on?.Connection ?? run.Connection, on?.VeleroNamespace ?? run.VeleroNamespace, kind, name, ct))
        {
            last = status;
            var phaseChanged = status.Phase != lastPhase;
            var progressChanged = (status.ItemsTotal, status.ItemsDone) != lastProgress;
            if (!phaseChanged && !progressChanged) continue;
            await run.UpdateAsync((r, now) => r.RecordProgress(status.Phase, status.ItemsTotal, status.ItemsDone, status.Warnings, status.Errors, now),
                phaseChanged ? RequestEventKind.Phase : null,
                phaseChanged ? $"Velero {kind} {name}: {status.Phase ?? "New"}" : null, ct: ct);
            lastPhase = status.Phase;
            lastProgress = (status.ItemsTotal, status.ItemsDone);
            if (status.IsTerminal) break;
        }
        if (last is null || !last.IsTerminal)
            throw new ClusterAccessException(ClusterFault.Unreachable, $"The watch of Velero {kind} {name} ended before it finished.");
        return Outcome(kind, name, last);
    }

    internal static ExecutionOutcome Outcome(VeleroObjectKind kind, string name, VeleroObjectStatus s)
    {
        var what = kind == VeleroObjectKind.Backup ? "backup" : "restore";
        return s.Phase switch
        {
            "Completed" => ExecutionOutcome.Succeeded(),
            "PartiallyFailed" => ExecutionOutcome.PartiallyFailed(
                $"Velero finished the {what} with {s.Errors} error(s) and {s.Warnings} warning(s); some items were not {(kind == VeleroObjectKind.Backup ? "backed up" : "restored")}. See `velero {what} logs {name}`."),
            "FailedValidation" => ExecutionOutcome.Failed(
                $"Velero refused the {what}: {(s.ValidationErrors.Count > 0 ? string.Join("; ", s.ValidationErrors) : "the request did not pass validation")}."),
            _ => ExecutionOutcome.Failed($"Velero reports the {what} failed: {s.FailureReason ?? "no reason given"}."),
        };
    }
}
