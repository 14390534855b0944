using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.Execution.Moves;
using Portal.Moves.Preflight;

namespace Portal.Execution.Velero;

/// <summary>
/// A restore of a backup taken on another cluster, right before it writes on the request's cluster (B): the requester still
/// allowed to restore on B for the tenant and to see the namespace at the source (their bindings of today), the location it
/// was checked against still there and Available on B, the backup's classes still present on B (or mapped), then the one
/// wait for B's Velero to sync the backup from the shared location, with its progress in words. The source cluster is not
/// contacted: once the backup is in the shared location it may be gone. Each check returns the reason in words (nothing
/// written), or null.
/// </summary>
internal sealed class CrossClusterRestorePrep(IMigrationClusterGateway kube, IOptions<MigrationOptions> options)
{
    private const string Nothing = "Nothing was restored.";

    public async Task<string?> CheckAsync(RequestRun run, RestoreParameters p, CancellationToken ct)
    {
        var source = await SourceNameAsync(run, p, ct);
        // The requester's rights, as at submit: restores on this cluster for the tenant, and seeing the namespace's backups at the source.
        var tenant = run.Tenant.DisplayName;
        if (await Recheck.RequesterMayAsync(run, p.RequesterGroups, Permission.RequestRestore, run.Request.ClusterId,
                $"request restores on {run.Cluster.Name} for tenant {tenant}", Nothing, ct) is { } target) return target;
        if (await Recheck.RequesterMayAsync(run, p.RequesterGroups, Permission.ViewTenant, p.SourceClusterId!.Value,
                $"see namespace {run.Request.Namespace} of tenant {tenant} on {source}", Nothing, ct) is { } seen) return seen;
        await using (var db = await run.OpenDbAsync(ct))
        {
            var owner = await db.TenantNamespaces.AsNoTracking()
                .Where(n => n.ClusterId == p.SourceClusterId && n.Namespace == run.Request.Namespace).Select(n => (Guid?)n.TenantId).FirstOrDefaultAsync(ct);
            if (owner != run.Request.TenantId)
                return $"Namespace {run.Request.Namespace} on {source} no longer belongs to your tenant {run.Tenant.DisplayName}, so its backups are not yours to restore. {Nothing}";
        }
        var facts = await kube.ReadFactsAsync(run.Connection, run.VeleroNamespace, ct);
        if (LocationProblem(run, p, facts) is { } location) return location;
        if (p.Classes is { } classes && RestoreClassPreflight.Run(classes, facts, new Dictionary<string, string>()) is { IsBlocked: true } report)
            return $"{string.Join(" ", report.Errors.Select(e => e.Message))} (the target is {run.Cluster.Name}; it changed after this request was made.) {Nothing}";
        return null;
    }

    /// <summary>Waits until B's Velero sees the backup; the reason in words when it does not within the time limit.</summary>
    public async Task<string?> WaitForBackupAsync(RequestRun run, RestoreParameters p, CancellationToken ct)
    {
        var limit = options.Value.BackupSyncTimeout;
        var said = false;
        try
        {
            await kube.WaitForBackupSyncedAsync(run.Connection, run.VeleroNamespace, p.BackupName, limit, async _ =>
            {
                if (said) return;
                said = true;
                await run.EventAsync(RequestEventKind.Step,
                    $"Waiting for the Velero of {run.Cluster.Name} to see backup {p.BackupName} from location {p.SourceLocation}; Velero syncs about every minute",
                    $"The portal waits up to {Portal.Domain.Common.Durations.Words(limit)}.", ct);
            }, ct);
            return null;
        }
        catch (ClusterWaitTimeoutException)
        {
            var facts = await kube.ReadFactsAsync(run.Connection, run.VeleroNamespace, ct);
            var why = LocationProblem(run, p, facts)
                ?? $"The location {p.SourceLocation} on {run.Cluster.Name} is Available, but it does not hold backup {p.BackupName}: the backup may have "
                   + "expired or been deleted, or the location no longer points at the bucket and prefix it was written to (not shared).";
            return $"The Velero of {run.Cluster.Name} has not seen backup {p.BackupName} {Portal.Domain.Common.Durations.Words(limit)} after the wait began. {why} {Nothing}";
        }
    }

    private static string? LocationProblem(RequestRun run, RestoreParameters p, TargetClusterFacts facts)
    {
        var location = facts.BackupLocations.FirstOrDefault(l => l.Name == p.SourceLocation);
        if (location is null)
            return $"{run.Cluster.Name} no longer has the backup storage location {p.SourceLocation} the restore was approved with, so its Velero cannot see the backup. {Nothing}";
        if (!location.IsAvailable)
            return $"The location {location} on {run.Cluster.Name} is {(string.IsNullOrEmpty(location.Phase) ? "not validated yet" : location.Phase)}: "
                + $"Velero cannot read the backup from it. Check its credentials and that the bucket is reachable from {run.Cluster.Name}. {Nothing}";
        return null;
    }

    private static async Task<string> SourceNameAsync(RequestRun run, RestoreParameters p, CancellationToken ct)
    {
        await using var db = await run.OpenDbAsync(ct);
        return await db.Clusters.AsNoTracking().Where(c => c.Id == p.SourceClusterId).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "the source cluster";
    }
}
