using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Domain.Common;
using Portal.Domain.Protection;
using Portal.Domain.Requests;

namespace Portal.Execution.Protection;

/// <summary>Keeps exactly one Velero Schedule per protection: protect (create it), change policy, re-apply or put back
/// (change it in place), pause and resume (Velero's <c>paused</c>), remove (delete it). Everything checked when the
/// request was made is checked again right before the write; the protection's row is written only after the cluster
/// holds what it says.</summary>
internal sealed class ProtectionChangeExecutor(IClusterGateway cluster, IProtectionGateway schedules, IProtectionStatusNotifier notifier)
    : IOperationExecutor
{
    public RequestKind Kind => RequestKind.ProtectionChange;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var request = run.Request;
        var change = request.ParametersAs<ProtectionChangeParameters>();
        const string nothing = "Nothing was changed.";

        NamespaceProtection? existing;
        await using (var db = await run.OpenDbAsync(ct))
        {
            // A Protect that ran before (and saved its row) finds it under the request's id.
            var id = change.ProtectionId ?? request.Id;
            existing = await db.NamespaceProtections.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        }

        // A run that wrote the Schedule and the row, then lost its lease before finishing, finds its own change recorded.
        if (existing?.LastRequestId == request.Id)
        {
            await run.EventAsync(RequestEventKind.Step, "The change was already carried out by an earlier attempt of this request", ct: ct);
            return ExecutionOutcome.Succeeded();
        }

        if (change.Change != ProtectionChangeKind.Protect && (existing is null || existing.IsRemoved))
            return ExecutionOutcome.Failed($"The protection was removed after this request was made. {nothing}");
        var policyId = change.PolicyId is { } asked && change.Change is ProtectionChangeKind.Protect or ProtectionChangeKind.ChangePolicy or ProtectionChangeKind.Reapply
            ? asked : existing!.PolicyId;
        ProtectionPolicy? policy;
        await using (var db = await run.OpenDbAsync(ct))
        {
            policy = await db.ProtectionPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == policyId, ct);
        }

        var clusterResources = change.ClusterResources;
        var protectedNamespace = clusterResources ? "" : request.Namespace;
        var subject = clusterResources ? $"the cluster resources of {run.Cluster.Name}" : $"namespace {request.Namespace}";
        if (change.Change == ProtectionChangeKind.Remove)
        {
            return await RemoveAsync(run, existing!, subject, nothing, clusterResources, ct);
        }

        if (change.Change == ProtectionChangeKind.Pause && change.PauseUntil is { } until && until <= run.Now)
            return ExecutionOutcome.Failed($"The pause was to end at {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC, which has passed before it could start. {nothing}");
        if (change.Change == ProtectionChangeKind.Pause && existing!.Paused)
            return ExecutionOutcome.Failed($"The protection of {subject} was paused by {existing.PausedBy} meanwhile. {nothing}");
        if (change.Change == ProtectionChangeKind.Resume && !existing!.Paused)
            return ExecutionOutcome.Failed($"The protection of {subject} was resumed meanwhile. {nothing}");

        // Checked again right before the write.
        if (!clusterResources && await ProtectionRecheck.NamespaceAsync(run, cluster, request.Namespace, nothing, ct) is { } gone)
            return ExecutionOutcome.Failed(gone);
        if (change.Change != ProtectionChangeKind.Pause && await ProtectionRecheck.PolicyAsync(run, policy, policyId, nothing, ct) is { } withdrawn)
            return ExecutionOutcome.Failed(withdrawn);
        if (policy is null) return ExecutionOutcome.Failed($"The protection policy was deleted after this request was made. {nothing}");
        if (await ProtectionRecheck.VeleroAsync(run, cluster, policy, nothing, ct) is { } velero) return ExecutionOutcome.Failed(velero);
        var protection = existing ?? new NamespaceProtection(request.TenantId, request.ClusterId, protectedNamespace, policy,
            request.RequestedByName, run.Now, id: request.Id);
        if (existing is null && await OtherProtectionAsync(run, protection, ct) is { } other)
            return ExecutionOutcome.Failed($"{Capital(subject)} was protected by another request (see request {OperationRequest.ReferenceOf(other)}) after this one was made. {nothing}");
        if (await ProtectionRecheck.ScheduleOursAsync(run, schedules, protection, nothing, ct) is { } foreign) return ExecutionOutcome.Failed(foreign);

        var paused = change.Change switch
        {
            ProtectionChangeKind.Pause => true,
            ProtectionChangeKind.Resume => false,
            _ => protection.Paused,
        };
        var spec = new VeleroScheduleSpec(protection.ScheduleName, protectedNamespace, policy.Cron, policy.TimeZone, policy.Retention, policy.Volumes,
            policy.StorageLocation, policy.ExcludedResources, paused, Labels(run, protection), policy.Hooks, clusterResources);
        await run.EventAsync(RequestEventKind.Step, $"{Verb(change.Change, paused)} Velero Schedule {protection.ScheduleName} in namespace {run.VeleroNamespace} on {run.Cluster.Name}",
            $"Policy {policy.Name}: {policy.Cron} ({policy.TimeZone}), backups kept {Durations.Words(policy.Retention)}, volumes by {policy.Volumes.Display()}"
            + (paused ? ", paused" : ""), ct);
        var stored = await schedules.ApplyScheduleAsync(run.Connection, run.VeleroNamespace, spec, ct);

        await run.RetryOnConflictAsync(async token =>
        {
            await using var db = await run.OpenDbAsync(token);
            var row = existing is null ? null : await db.NamespaceProtections.FirstAsync(p => p.Id == protection.Id, token);
            if (row is null)
            {
                row = new NamespaceProtection(request.TenantId, request.ClusterId, protectedNamespace, policy, request.RequestedByName, run.Now, id: request.Id);
                db.NamespaceProtections.Add(row);
            }

            if (change.Change == ProtectionChangeKind.Pause) row.Pause(PausedBy(request), change.PauseReason ?? "", change.PauseUntil, run.Now);
            if (change.Change == ProtectionChangeKind.Resume) row.Resume(run.Now);
            row.RecordApplied(policy, request.Id, stored.SpecHash, run.Now);
            await db.SaveChangesAsync(token);
        }, ct);
        notifier.Notify(new ProtectionChange(request.TenantId, request.ClusterId, protectedNamespace));
        await run.EventAsync(RequestEventKind.Step, Done(change, subject, policy, stored), ct: ct);
        return ExecutionOutcome.Succeeded();
    }

    private async Task<ExecutionOutcome> RemoveAsync(RequestRun run, NamespaceProtection protection, string subject, string nothing,
        bool clusterResources, CancellationToken ct)
    {
        if (!clusterResources && await Recheck.StillTenantsAsync(run, run.Request.Namespace, nothing, ct) is { } notOurs)
            return ExecutionOutcome.Failed(notOurs);
        if (await ProtectionRecheck.ScheduleOursAsync(run, schedules, protection, nothing, ct) is { } foreign) return ExecutionOutcome.Failed(foreign);
        await run.EventAsync(RequestEventKind.Step,
            $"Deleting Velero Schedule {protection.ScheduleName} in namespace {run.VeleroNamespace} on {run.Cluster.Name}",
            "The backups it made stay until they expire.", ct);
        await schedules.DeleteScheduleAsync(run.Connection, run.VeleroNamespace, protection.ScheduleName, ct);
        await run.RetryOnConflictAsync(async token =>
        {
            await using var db = await run.OpenDbAsync(token);
            var row = await db.NamespaceProtections.FirstAsync(p => p.Id == protection.Id, token);
            row.MarkRemoved(run.Request.Id, run.Now);
            await db.SaveChangesAsync(token);
        }, ct);
        notifier.Notify(new ProtectionChange(run.Request.TenantId, run.Request.ClusterId, protection.Namespace));
        await run.EventAsync(RequestEventKind.Step, $"{Capital(subject)} is no longer protected; its Schedule is deleted", ct: ct);
        return ExecutionOutcome.Succeeded();
    }

    /// <summary>Another live protection of the same namespace (or cluster's resources): its request id, else null.</summary>
    private static async Task<Guid?> OtherProtectionAsync(RequestRun run, NamespaceProtection mine, CancellationToken ct)
    {
        await using var db = await run.OpenDbAsync(ct);
        return await db.NamespaceProtections.AsNoTracking()
            .Where(p => p.Id != mine.Id && p.ClusterId == mine.ClusterId && p.Target == mine.Target && p.Namespace == mine.Namespace
                && p.State != ProtectionState.Removed)
            .Select(p => p.LastRequestId ?? p.Id).Cast<Guid?>().FirstOrDefaultAsync(ct);
    }

    /// <summary>On the Schedule and, through its template, on every backup it makes.</summary>
    private static Dictionary<string, string> Labels(RequestRun run, NamespaceProtection protection) => new()
    {
        [PortalLabels.RequestId] = run.Request.Id.ToString(),
        [PortalLabels.Tenant] = run.Tenant.Slug,
        [PortalLabels.ProtectionId] = protection.Id.ToString("N"),
        [PortalLabels.ManagedBy] = PortalLabels.ManagedByValue,
    };

    /// <summary>Who paused: the requester (the approver only let it happen).</summary>
    private static string PausedBy(OperationRequest request) => request.RequestedByName;

    private static string Verb(ProtectionChangeKind change, bool paused) => change switch
    {
        ProtectionChangeKind.Protect => "Creating",
        ProtectionChangeKind.Pause => "Pausing",
        ProtectionChangeKind.Resume => "Resuming",
        ProtectionChangeKind.PutBack => "Putting back",
        _ => paused ? "Changing (paused)" : "Changing",
    };

    private static string Done(ProtectionChangeParameters change, string subject, ProtectionPolicy policy, VeleroScheduleInfo stored) => change.Change switch
    {
        ProtectionChangeKind.Protect => $"{Capital(subject)} is protected by {policy.Name}",
        ProtectionChangeKind.ChangePolicy => $"{Capital(subject)} is now on {policy.Name}",
        ProtectionChangeKind.Pause => $"The protection of {subject} is paused" + (change.PauseUntil is { } u ? $" until {u.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : " until someone resumes it"),
        ProtectionChangeKind.Resume => $"The protection of {subject} runs again",
        ProtectionChangeKind.PutBack => $"The Schedule of {subject} is back as the portal wrote it",
        _ => $"The Schedule of {subject} follows {policy.Name} as it is now",
    } + (stored.Phase is { } phase ? $" (Velero: {phase})" : "");

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
