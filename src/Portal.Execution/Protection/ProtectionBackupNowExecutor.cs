using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Requests;
using Portal.Domain.Common;
using Portal.Domain.Protection;
using Portal.Domain.Requests;
using Portal.Execution.Velero;

namespace Portal.Execution.Protection;

/// <summary>"Back up now": one Velero Backup from the protection's Schedule template (deterministic name, so a retry
/// finds the one it made), followed to its end as a namespace backup is.</summary>
internal sealed class ProtectionBackupNowExecutor(IClusterGateway cluster, IProtectionGateway schedules, VeleroFollower follower,
    IProtectionStatusNotifier notifier) : IOperationExecutor
{
    public RequestKind Kind => RequestKind.ProtectionBackupNow;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var request = run.Request;
        var p = request.ParametersAs<ProtectionBackupNowParameters>();
        var name = ObjectNaming.VeleroObjectName(request);
        NamespaceProtection? protection;
        await using (var db = await run.OpenDbAsync(ct))
        {
            protection = await db.NamespaceProtections.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p.ProtectionId, ct);
        }

        if (request.ObjectName is null)
        {
            const string nothing = "Nothing was backed up.";
            if (protection is null || protection.IsRemoved) return ExecutionOutcome.Failed($"The protection was removed after this request was made. {nothing}");
            if (protection.Target == ProtectionTarget.Namespace
                && await ProtectionRecheck.NamespaceAsync(run, cluster, request.Namespace, nothing, ct) is { } gone)
                return ExecutionOutcome.Failed(gone);
            var schedule = await schedules.GetScheduleAsync(run.Connection, run.VeleroNamespace, protection.ScheduleName, ct);
            if (schedule is null)
                return ExecutionOutcome.Failed($"The Velero Schedule {protection.ScheduleName} is not on cluster {run.Cluster.Name} (deleted by someone?); put it back first. {nothing}");
            if (schedule.Labels.GetValueOrDefault(PortalLabels.ProtectionId) != protection.Id.ToString("N"))
                return ExecutionOutcome.Failed($"The Velero Schedule {protection.ScheduleName} on cluster {run.Cluster.Name} is not the portal's for this protection. {nothing}");
            await run.UpdateAsync((r, now) => r.RecordObject("velero.io/v1 Backup", name, now), RequestEventKind.Step,
                $"Creating Velero Backup {name} from Schedule {protection.ScheduleName} in namespace {run.VeleroNamespace} on {run.Cluster.Name}", ct: ct);
        }

        var labels = new Dictionary<string, string>(ObjectNaming.Labels(request, run.Tenant.Slug))
        {
            [PortalLabels.ProtectionId] = p.ProtectionId.ToString("N"),
        };
        var scheduleName = protection?.ScheduleName ?? NamespaceProtection.ScheduleNameOf(p.ProtectionId);
        var status = await schedules.EnsureBackupFromScheduleAsync(run.Connection, run.VeleroNamespace, scheduleName, name, labels, ct);
        await run.EventAsync(RequestEventKind.Step, $"Velero Backup {name} is on the cluster; following it", $"Phase: {status.Phase ?? "New"}", ct);
        var outcome = await follower.FollowAsync(run, VeleroObjectKind.Backup, name, ct);
        notifier.Notify(new ProtectionChange(request.TenantId, request.ClusterId, protection?.Namespace ?? request.Namespace));
        return outcome;
    }
}
