using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.Domain.Restores;

namespace Portal.Application.Features.Restores;

/// <param name="NamespaceId">The namespace page's namespace (its open freezes).</param>
/// <param name="RequestId">The request page's request (the freezes it made, open or not).</param>
public sealed record ListGitOpsFreezesQuery(Guid? NamespaceId = null, Guid? RequestId = null);

/// <summary>A GitOps object frozen by a restore, as the reminder shows it.</summary>
public sealed record GitOpsFreezeView(Guid Id, string Object, string ClusterName, string Namespace, Guid RequestId, string RequestReference,
    DateTimeOffset FrozenAt, string FrozenBy, string Reason, DateTimeOffset? Until, bool KeptFrozen, DateTimeOffset? UnfrozenAt, string? UnfrozenBy,
    string PriorState, bool CanUnfreeze);

/// <summary>The GitOps freezes of a namespace (open ones: the reminder) or of a request.</summary>
public sealed class ListGitOpsFreezes(UseCaseServices s) : IUseCase
{
    public async Task<Result<IReadOnlyList<GitOpsFreezeView>>> HandleAsync(ListGitOpsFreezesQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var rows = db.GitOpsFreezes.AsNoTracking();
        if (q.NamespaceId is { } nsId)
        {
            var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == nsId, ct);
            if (ns is null || !caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId)) return Error.NotFound("The namespace");
            rows = rows.Where(f => f.ClusterId == ns.ClusterId && f.Namespace == ns.Namespace && f.TenantId == ns.TenantId && f.UnfrozenAt == null);
        }
        else if (q.RequestId is { } requestId)
        {
            rows = rows.Where(f => f.RequestId == requestId);
        }
        else
        {
            return Error.Validation("Name the namespace or the request.");
        }
        var found = (await rows.ToListAsync(ct)).Where(f => caller.Can(Permission.ViewTenant, f.TenantId, f.ClusterId)).OrderByDescending(f => f.FrozenAt).ToList();
        var clusterIds = found.Select(f => f.ClusterId).Distinct().ToList();
        var clusters = await db.Clusters.AsNoTracking().Where(c => clusterIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return found.Select(f => new GitOpsFreezeView(f.Id, f.Object.ToString(), clusters.GetValueOrDefault(f.ClusterId, "?"), f.Namespace, f.RequestId,
            OperationRequest.ReferenceOf(f.RequestId), f.FrozenAt, f.FrozenBy, f.Reason, f.Until, f.KeepFrozen, f.UnfrozenAt, f.UnfrozenBy,
            PriorState(f), f.IsOpen && caller.Can(Permission.RequestRestore, f.TenantId, f.ClusterId))).ToList();
    }

    public static string PriorState(GitOpsFreezeRecord f) => f.ObjectKind == "Application"
        ? (f.PriorArgoAutomatedJson is null ? "manual sync" : $"automated sync {f.PriorArgoAutomatedJson}")
        : $"suspend: {(f.PriorFluxSuspend == true ? "true" : "false")}";
}

public sealed record UnfreezeGitOpsCommand(Guid FreezeId, string? Reason = null);

/// <summary>An owner or SRE of the tenant lifts a freeze a restore left (kept frozen on request, or left by a restore that
/// could not reach the cluster to lift it): the object's sync is put back exactly as it was before the freeze. An audited
/// command, not a request: it gives GitOps back what it had, and the freeze itself was approved with the restore.</summary>
public sealed class UnfreezeGitOps(UseCaseServices s, IMigrationClusterGateway kube, ClusterConnections connections) : IUseCase
{
    public async Task<Result<bool>> HandleAsync(UnfreezeGitOpsCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var freeze = await db.GitOpsFreezes.FirstOrDefaultAsync(f => f.Id == cmd.FreezeId, ct);
        if (freeze is null || !caller.Can(Permission.ViewTenant, freeze.TenantId, freeze.ClusterId)) return Error.NotFound("The GitOps freeze");
        if (!caller.Can(Permission.RequestRestore, freeze.TenantId, freeze.ClusterId))
            return caller.Refuse($"You may not unfreeze {freeze.Object}: only those who may restore into {freeze.Namespace} may.");
        if (!freeze.IsOpen) return Error.Conflict($"{freeze.Object} was unfrozen already, at {freeze.UnfrozenAt:yyyy-MM-dd HH:mm} UTC by {freeze.UnfrozenBy}.");
        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == freeze.ClusterId, ct);
        bool back;
        try
        {
            back = await kube.UnfreezeGitOpsAsync(connections.For(cluster), freeze.Prior, s.Now, ct);
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
        }
        var who = caller.Principal.DisplayName;
        freeze.MarkUnfrozen(who, s.Now);
        var summary = back ? $"{freeze.Object} on {cluster.Name} unfrozen: {ListGitOpsFreezes.PriorState(freeze)} as before the freeze"
            : $"{freeze.Object} is no longer on {cluster.Name}; the freeze is closed";
        db.Audit(caller, s.Now, "gitops.unfrozen", "gitops-freeze", freeze.Id.ToString(), summary + (string.IsNullOrWhiteSpace(cmd.Reason) ? "" : $" ({cmd.Reason.Trim()})"), freeze.TenantId);
        if (await db.Requests.FirstOrDefaultAsync(r => r.Id == freeze.RequestId, ct) is { } request)
            db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Step, $"Unfrozen by {who}", who, s.Now, summary));
        await db.SaveChangesAsync(ct);
        return back;
    }
}
