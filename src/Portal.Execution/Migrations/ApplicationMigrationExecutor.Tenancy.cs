using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Domain.Auditing;
using Portal.Domain.Migrations;
using Portal.Domain.Tenants;

namespace Portal.Execution.Migrations;

/// <summary>Who owns the target namespace: checked again right before the move writes on the target, and handed to the
/// application's tenant in the same save that finishes the switch-over (a rollback takes it back).</summary>
internal sealed partial class ApplicationMigrationExecutor
{
    /// <summary>The portal's record of who owns the target namespace on the target cluster, or null.</summary>
    internal static async Task<TenantNamespace?> TargetClaimAsync(MigrationRun m, CancellationToken ct)
    {
        await using var db = await m.Run.OpenDbAsync(ct);
        return await db.TenantNamespaces.AsNoTracking()
            .FirstOrDefaultAsync(n => n.ClusterId == m.TargetCluster.Id && n.Namespace == m.App.TargetNamespace, ct);
    }

    /// <summary>The application was added from its tenant's namespace; before anything is frozen or scaled down on the
    /// source, that namespace must still be the tenant's (it may have been released or given to another tenant since).</summary>
    private static async Task CheckSourceNamespaceAsync(MigrationRun m, CancellationToken ct)
    {
        await using var db = await m.Run.OpenDbAsync(ct);
        var claim = await db.TenantNamespaces.AsNoTracking()
            .FirstOrDefaultAsync(n => n.ClusterId == m.SourceCluster.Id && n.Namespace == m.App.SourceNamespace, ct);
        if (claim is null || claim.TenantId != m.App.TenantId)
            throw new StepFailedException($"Namespace {m.App.SourceNamespace} on {m.SourceCluster.Name} is no longer {m.Run.Tenant.DisplayName}'s " +
                                          $"({(claim is null ? "it was released" : "it was given to another tenant")} after the move was planned); " +
                                          "nothing was frozen, scaled down or written. Remove the application from the wave, or ask a platform engineer to assign the namespace back.");
    }

    /// <summary>What the preflight saw may no longer hold: the target namespace may have been made on the cluster since, or
    /// given to another tenant. Then the move writes nothing on the target and says why. A namespace this move created
    /// is its own.</summary>
    private async Task CheckTargetNamespaceAsync(MigrationRun m, CancellationToken ct)
    {
        var ns = m.App.TargetNamespace;
        var claim = await TargetClaimAsync(m, ct);
        if (claim is not null && claim.TenantId != m.App.TenantId)
            throw new StepFailedException($"Namespace {ns} on {m.TargetCluster.Name} was given to another tenant after the preflight; nothing was written on {m.TargetCluster.Name}.");
        if (claim is not null) return;
        var live = await m.OnTarget(c => velero.GetNamespaceAsync(c, ns, ct));
        // "This move created it" is believed only of a namespace that carries this move's label: a run that paused
        // after recording the creation but before it happened must not adopt a namespace someone else made meanwhile.
        if (live is null || (m.State.CreatedTargetNamespace && MadeByThisMove(m, live))) return;
        throw new StepFailedException($"Namespace {ns} now exists on {m.TargetCluster.Name} and is not {m.Run.Tenant.DisplayName}'s (someone created it there after the preflight; this move did not); " +
                                      $"nothing was written on {m.TargetCluster.Name}. Ask a platform engineer to assign {ns} to {m.Run.Tenant.DisplayName}, or plan the move into another namespace.");
    }

    private static bool MadeByThisMove(MigrationRun m, Portal.Application.Abstractions.Clusters.NamespaceInfo live) =>
        live.Labels.TryGetValue(m.Owner.Key, out var owner) && owner == m.Owner.Value
        || (m.State.RestoreName is { } restore && live.Labels.TryGetValue("velero.io/restore-name", out var by) && by == restore);

    /// <summary>The change that gives the target namespace to the application's tenant, to run in the same save as the
    /// switch-over step's completion; null when the tenant owns it already.</summary>
    private static async Task<Action<IPortalDbContext, MigrationApplication>?> HandOverTargetAsync(MigrationRun m, CancellationToken ct)
    {
        var claim = await TargetClaimAsync(m, ct);
        if (claim is not null && claim.TenantId != m.App.TenantId)
            throw new StepFailedException($"Namespace {m.App.TargetNamespace} on {m.TargetCluster.Name} was given to another tenant during the move; it was not handed over.");
        if (claim is not null) return null;
        return (db, a) =>
        {
            var given = new TenantNamespace(a.TenantId, m.TargetCluster.Id, a.TargetNamespace, m.Run.Now, $"migration wave \"{m.Wave.Name}\"");
            db.TenantNamespaces.Add(given);
            a.UpdateRunState(s => s with { HandedOverTargetNamespace = true }, m.Run.Now);
            db.AuditEvents.Add(new AuditEvent(m.Run.Now, "executor", "namespace.claimed", "namespace", given.Id.ToString(),
                $"{m.TargetCluster.Name}/{a.TargetNamespace} assigned to {m.Run.Tenant.DisplayName}: {a.SourceNamespace} moved there from {m.SourceCluster.Name} (wave \"{m.Wave.Name}\")", a.TenantId));
        };
    }

    /// <summary>A rollback takes back the target namespace the move gave the tenant (the source's stays as it was).</summary>
    internal static async Task<Action<IPortalDbContext, MigrationApplication>?> TakeBackTargetAsync(MigrationRun m, CancellationToken ct)
    {
        if (!m.State.HandedOverTargetNamespace) return null;
        var claim = await TargetClaimAsync(m, ct);
        return (db, a) =>
        {
            if (claim is not null && claim.TenantId == a.TenantId)
            {
                db.TenantNamespaces.Remove(db.TenantNamespaces.First(n => n.Id == claim.Id));
                db.AuditEvents.Add(new AuditEvent(m.Run.Now, "executor", "namespace.released", "namespace", claim.Id.ToString(),
                    $"{m.TargetCluster.Name}/{a.TargetNamespace} taken back from {m.Run.Tenant.DisplayName}: the move of {a.SourceNamespace} was rolled back", a.TenantId));
            }
            a.UpdateRunState(s => s with { HandedOverTargetNamespace = false }, m.Run.Now);
        };
    }
}
