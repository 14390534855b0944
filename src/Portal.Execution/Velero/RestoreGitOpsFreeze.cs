using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Restores;
using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Domain.Restores;

namespace Portal.Execution.Velero;

/// <summary>
/// GitOps does not undo a restore: before it, every Argo CD Application / Flux Kustomization / HelmRelease that deploys into
/// the target namespace is frozen (the moves' freeze: Argo CD's automated sync off, Flux suspended, annotated who/why/until);
/// after it, each is put back exactly as it was, unless the requester asked to keep it frozen. How each was before is
/// stored (<see cref="GitOpsFreezeRecord"/>) before the object is touched, so an unfreeze after a restart of the portal
/// puts back the state before the freeze, never the frozen one.
/// </summary>
internal sealed class RestoreGitOpsFreeze(IMigrationClusterGateway kube, GitOpsManagers managers)
{
    /// <summary>How long a freeze is announced for when it is lifted after the restore (the annotation's "until").</summary>
    public static readonly TimeSpan AnnouncedFor = TimeSpan.FromHours(6);

    public async Task FreezeAsync(RequestRun run, RestoreParameters p, CancellationToken ct)
    {
        var found = await managers.OfAsync(run.Connection, p.TargetNamespace, ct);
        if (found.Count == 0) return;
        var request = run.Request;
        var open = await OpenAsync(run, ct);
        DateTimeOffset? until = p.KeepGitOpsFrozen ? null : run.Now + AnnouncedFor;
        var notice = new GitOpsFreezeNotice($"restore request {request.Reference} of {request.RequestedByName}",
            $"restoring backup {p.BackupName} into {p.TargetNamespace}; without the freeze GitOps would undo the restore"
                + (p.KeepGitOpsFrozen ? "; kept frozen after the restore as the requester asked" : ""),
            until is { } u ? u.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ") : "unfrozen by the tenant");
        foreach (var g in found)
        {
            if (open.Any(r => r.ObjectKind == KindOf(g) && r.ObjectNamespace == g.Namespace && r.ObjectName == g.Name))
                continue; // frozen by this request before a restart: its state before the freeze is stored already
            var obj = await kube.ReadGitOpsAsync(run.Connection, g, ct);
            if (obj is null) continue;
            var frozenBy = (obj.Object["metadata"]?["annotations"]?[PortalLabels.FrozenBy] as System.Text.Json.Nodes.JsonValue)?.ToString();
            if ((await FrozenByOtherAsync(run, g, ct) ?? (frozenBy is null ? null : $"Frozen by {frozenBy}; it stays as it is.")) is { } other)
            {
                await run.EventAsync(RequestEventKind.Step, $"{g} is frozen already", other, ct);
                continue; // another freeze holds it: its own record puts it back, not this request
            }
            var prior = g.Kind == GitOpsKind.ArgoCdApplication ? new GitOpsFreeze(obj.Ref, obj.ArgoAutomatedJson, null) : new GitOpsFreeze(obj.Ref, null, obj.FluxSuspended);
            var record = new GitOpsFreezeRecord(request.TenantId, request.ClusterId, p.TargetNamespace, request.Id, prior, notice.FrozenBy, notice.Reason,
                until, p.KeepGitOpsFrozen, run.Now);
            await run.UpdateAsync(null, RequestEventKind.Step, $"Freezing {g} so that it does not undo the restore",
                g.Kind == GitOpsKind.ArgoCdApplication
                    ? $"Automated sync {(obj.ArgoAutomatedJson is null ? "was off already" : "turned off")} until {notice.Until}; it is put back as it was after the restore."
                    : $"Suspended {(obj.FluxSuspended ? "already" : "")} until {notice.Until}; put back as it was after the restore.", ct,
                db => db.GitOpsFreezes.Add(record));
            await kube.FreezeGitOpsAsync(run.Connection, g, notice, ct);
        }
    }

    /// <summary>Puts back every GitOps object this request froze and did not keep frozen; safe to call again.</summary>
    public async Task UnfreezeAsync(RequestRun run, CancellationToken ct)
    {
        foreach (var record in (await OpenAsync(run, ct)).Where(r => !r.KeepFrozen))
        {
            var back = await kube.UnfreezeGitOpsAsync(run.Connection, record.Prior, run.Now, ct);
            await MarkUnfrozenAsync(run, record.Id, "executor", ct);
            await run.EventAsync(RequestEventKind.Step, back ? $"Unfroze {record.Object}" : $"{record.Object} is gone; nothing to unfreeze",
                back ? Describe(record) : null, ct);
        }
    }

    /// <summary>Reminders for what stays frozen (kept at the requester's ask).</summary>
    public async Task NoteKeptAsync(RequestRun run, CancellationToken ct)
    {
        foreach (var record in (await OpenAsync(run, ct)).Where(r => r.KeepFrozen))
            await run.EventAsync(RequestEventKind.Step, $"{record.Object} stays frozen, as asked",
                "Unfreeze it from the namespace's page or this request's page when the restored state is in Git.", ct);
    }

    public static string Describe(GitOpsFreezeRecord r) => r.ObjectKind == "Application"
        ? $"Sync policy as before the freeze ({(r.PriorArgoAutomatedJson is null ? "manual" : "automated " + r.PriorArgoAutomatedJson)}), freeze annotations removed."
        : $"suspend {(r.PriorFluxSuspend == true ? "true" : "false")} as before the freeze, freeze annotations removed.";

    private static string KindOf(GitOpsReference g) => g.Kind switch
    {
        GitOpsKind.ArgoCdApplication => "Application",
        GitOpsKind.FluxHelmRelease => "HelmRelease",
        _ => "Kustomization",
    };

    private static async Task<List<GitOpsFreezeRecord>> OpenAsync(RequestRun run, CancellationToken ct)
    {
        await using var db = await run.OpenDbAsync(ct);
        return await db.GitOpsFreezes.AsNoTracking().Where(r => r.RequestId == run.Request.Id && r.UnfrozenAt == null).ToListAsync(ct);
    }

    private static async Task<string?> FrozenByOtherAsync(RequestRun run, GitOpsReference g, CancellationToken ct)
    {
        await using var db = await run.OpenDbAsync(ct);
        var kind = KindOf(g);
        var other = await db.GitOpsFreezes.AsNoTracking().Where(r => r.ClusterId == run.Request.ClusterId && r.UnfrozenAt == null
            && r.ObjectKind == kind && r.ObjectNamespace == g.Namespace && r.ObjectName == g.Name && r.RequestId != run.Request.Id).FirstOrDefaultAsync(ct);
        return other is null ? null : $"Frozen since {other.FrozenAt:yyyy-MM-dd HH:mm} UTC by {other.FrozenBy}: {other.Reason}. It stays frozen; that freeze puts it back when lifted.";
    }

    internal static async Task MarkUnfrozenAsync(RequestRun run, Guid recordId, string by, CancellationToken ct)
    {
        await using var db = await run.OpenDbAsync(ct);
        var record = await db.GitOpsFreezes.FirstAsync(r => r.Id == recordId, ct);
        if (record.IsOpen) record.MarkUnfrozen(by, run.Now);
        await db.SaveChangesAsync(ct);
    }
}
