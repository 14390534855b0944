using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Clusters.Retire;

/// <param name="Cascade">Also end what uses the cluster (cancel waiting requests, release namespace claims, mark dump
/// schedules removed, withdraw waves awaiting approval). Needs <paramref name="ConfirmName"/> to be the cluster's name.</param>
public sealed record RetireClusterCommand(Guid ClusterId, bool Cascade = false, string? ConfirmName = null);

public sealed record RetiredCluster(Guid ClusterId, string Name, IReadOnlyList<string> Cascaded);

/// <summary>A platform engineer (of the estate or of that cluster) retires a cluster: its credential is discarded and
/// nothing runs there any more; its history stays. Refused, naming what uses it, while requests, dump schedules,
/// databases, migration plans or namespace claims use it, unless the engineer asks for an explicit cascade, confirmed
/// by typing the cluster's name and audited item by item. Work running on the cluster right now blocks even a cascade.</summary>
public sealed class RetireCluster(UseCaseServices s) : IUseCase
{
    public async Task<Result<RetiredCluster>> HandleAsync(RetireClusterCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.Can(Permission.ManageClusters, null, cmd.ClusterId)) return caller.Refuse("Only platform engineers can retire clusters.");
        await using var db = await s.OpenAsync(caller, ct);
        var cluster = await db.Clusters.FirstOrDefaultAsync(c => c.Id == cmd.ClusterId, ct);
        if (cluster is null) return Error.NotFound("The cluster");
        if (cluster.IsRetired) return Error.Conflict($"Cluster {cluster.Name} is already retired.");
        if (cmd.Cascade && (cmd.ConfirmName ?? "").Trim() != cluster.Name)
            return Error.Validation($"Type the cluster's name, {cluster.Name}, to confirm retiring it with everything that uses it.");

        var usage = await ClusterUsage.ReadAsync(db, cluster.Id, ct);
        var blockers = usage.Blockers().ToList();
        if (blockers.Count > 0)
            return Error.Conflict($"Cluster {cluster.Name} cannot be retired now: {string.Join("; ", blockers)}. " +
                                  "Wait for that work to end (or roll it back), then retire it.");
        if (!usage.IsEmpty && !cmd.Cascade)
            return Error.Conflict($"Cluster {cluster.Name} is still used by {string.Join("; ", usage.Describe())}. " +
                                  "Move or end these first, or retire it with everything that uses it (typed confirmation).");

        var now = s.Now;
        var who = caller.Principal.DisplayName;
        var cascaded = new List<string>();
        foreach (var request in usage.OpenRequests)
        {
            request.Cancel(now);
            db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Cancelled, $"Cancelled: cluster {cluster.Name} was retired by {who}", who, now));
            db.Audit(caller, now, "request.cancelled", "request", request.Id.ToString(),
                $"{request.Kind.Display()} of {request.Namespace} cancelled: cluster {cluster.Name} retired", request.TenantId);
            cascaded.Add($"cancelled the {request.Kind.Display()} of {request.Namespace}");
        }
        foreach (var schedule in usage.Schedules)
        {
            schedule.MarkRemoved(now);
            db.Audit(caller, now, "dump-schedule.removed", "dump-schedule", schedule.Id.ToString(),
                $"Dump schedule {schedule.Name} marked removed: cluster {cluster.Name} retired (its {schedule.CronJobName} object is left on the cluster)", schedule.TenantId);
            cascaded.Add($"marked dump schedule {schedule.Name} removed (its CronJob is left on the cluster)");
        }
        foreach (var wave in usage.OpenWaves.Where(w => w.Status == Domain.Moves.MigrationWaveStatus.PendingApproval))
        {
            wave.Withdraw(now);
            cascaded.Add($"withdrew migration wave {wave.Name} from approval");
        }
        foreach (var claim in usage.Claims)
        {
            db.TenantNamespaces.Remove(claim);
            db.Audit(caller, now, "namespace.released", "namespace", claim.Id.ToString(),
                $"{cluster.Name}/{claim.Namespace} released: cluster {cluster.Name} retired", claim.TenantId);
            cascaded.Add($"released namespace {claim.Namespace}");
        }
        if (usage.Databases > 0) cascaded.Add($"kept {usage.Databases} database registration(s) as history (nothing can run on them)");
        if (usage.Plans.Count > 0) cascaded.Add($"left {usage.Plans.Count} migration plan(s) unable to run");

        try
        {
            cluster.Retire(who, now);
        }
        catch (DomainException ex)
        {
            return Error.Conflict(ex.Message);
        }
        db.Audit(caller, now, "cluster.retired", "cluster", cluster.Id.ToString(),
            $"Cluster {cluster.Name} ({cluster.ApiServerUrl}) retired; its credential was discarded" +
            (cascaded.Count == 0 ? "." : $", with cascade confirmed by typing its name: {string.Join("; ", cascaded)}."));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict($"Something using cluster {cluster.Name} changed while you retired it (the executor may have started a request); nothing was changed. Look again.");
        }
        return new RetiredCluster(cluster.Id, cluster.Name, cascaded);
    }
}
