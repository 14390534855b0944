using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Auditing;
using Portal.Domain.Moves;
using Portal.Domain.Tenants;
using Portal.Moves.Transform;

namespace Portal.Execution.Moves;

/// <summary>The namespaces of a move. Who owns them is checked again right before the move acts on them; the target's
/// is made when missing, handed to the application's tenant in the same save that finishes the switch-over, and taken
/// back by a rollback. The portal's rights in each come from its RoleBinding there.</summary>
internal sealed class MoveNamespaces(IMigrationClusterGateway kube, IClusterGateway velero)
{
    /// <summary>The portal's record of who owns the target namespace on the target cluster, or null.</summary>
    private static async Task<TenantNamespace?> TargetClaimAsync(MigrationRun m, CancellationToken ct)
    {
        await using var db = await m.Run.OpenDbAsync(ct);
        return await db.TenantNamespaces.AsNoTracking()
            .FirstOrDefaultAsync(n => n.ClusterId == m.TargetCluster.Id && n.Namespace == m.App.TargetNamespace, ct);
    }

    /// <summary>The application was added from its tenant's namespace; before anything is frozen or scaled down on the
    /// source, that namespace must still be the tenant's (it may have been released or given to another tenant since).</summary>
    public static async Task CheckSourceAsync(MigrationRun m, CancellationToken ct)
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
    public async Task CheckTargetAsync(MigrationRun m, CancellationToken ct)
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

    private static bool MadeByThisMove(MigrationRun m, NamespaceInfo live) =>
        live.Labels.TryGetValue(m.Owner.Key, out var owner) && owner == m.Owner.Value
        || (m.State.RestoreName is { } restore && live.Labels.TryGetValue("velero.io/restore-name", out var by) && by == restore);

    /// <summary>
    /// The source's RoleBinding before anything is read or changed in it (from the export on), the target's, with the
    /// namespace made first when missing, before anything is put in it (from the data move on): deploy/target-cluster-rbac
    /// grants no workload, Secret or RBAC rights cluster-wide. Idempotent, so a resumed move checks again.
    /// </summary>
    public async Task EnsureAccessAsync(MigrationRun m, MigrationStep step, CancellationToken ct)
    {
        if (step == MigrationStep.FreezeGitOps) return;
        if (!m.IsRecovery) await m.OnSource(c => velero.EnsureNamespaceAccessAsync(c, m.App.SourceNamespace, ct));
        if (step is MigrationStep.Export or MigrationStep.Quiesce) return;
        await EnsureTargetAsync(m, ct);
        await m.OnTarget(c => velero.EnsureNamespaceAccessAsync(c, m.App.TargetNamespace, ct));
    }

    /// <summary>Creates the target namespace when it is missing, recorded first (a rollback removes it) and labelled as
    /// the portal's: the admission policy lets the portal delete only namespaces carrying that label.</summary>
    public async Task EnsureTargetAsync(MigrationRun m, CancellationToken ct)
    {
        // Checked again right before the first write on the target (the namespace may have appeared since the preflight).
        await CheckTargetAsync(m, ct);
        // A recovery re-creates its GitOps object after the data: one of that name there that is not this recovery's stops it now.
        if (m.IsRecovery) await RecoveryGitOps.CheckReplacementAsync(m, kube, ct);
        var targetNs = m.App.TargetNamespace;
        if (await m.OnTarget(c => velero.GetNamespaceAsync(c, targetNs, ct)) is not null) return;
        // The source namespace's own labels (team, Pod Security levels ...) come along, with the namespace renamed.
        // (A recovery's source is lost: the restore brings the namespace's labels from the backup.)
        var source = m.IsRecovery ? null : await m.OnSource(c => velero.GetNamespaceAsync(c, m.App.SourceNamespace, ct));
        var carried = NamespaceLabels.Carry(source?.Labels ?? new Dictionary<string, string>(), m.App.EffectiveMappings);
        await m.SaveStateAsync(s => s with { CreatedTargetNamespace = true }, ct);
        await m.OnTarget(c => kube.CreateNamespaceAsync(c, targetNs, [.. carried, new(PortalLabels.ManagedBy, PortalLabels.ManagedByValue)], m.Owner, ct));
    }

    /// <summary>The change that gives the target namespace to the application's tenant, to run in the same save as the
    /// switch-over step's completion; null when the tenant owns it already.</summary>
    public static async Task<Action<IPortalDbContext, MigrationApplication>?> HandOverTargetAsync(MigrationRun m, CancellationToken ct)
    {
        var claim = await TargetClaimAsync(m, ct);
        if (claim is not null && claim.TenantId != m.App.TenantId)
            throw new StepFailedException($"Namespace {m.App.TargetNamespace} on {m.TargetCluster.Name} was given to another tenant during the move; it was not handed over.");
        if (claim is not null) return null;
        return (db, a) =>
        {
            var given = new TenantNamespace(a.TenantId, m.TargetCluster.Id, a.TargetNamespace, m.Run.Now, $"{(m.IsRecovery ? "recovery" : "migration")} wave \"{m.Wave.Name}\"");
            db.TenantNamespaces.Add(given);
            a.UpdateRunState(s => s with { HandedOverTargetNamespace = true }, m.Run.Now);
            db.AuditEvents.Add(new AuditEvent(m.Run.Now, "executor", "namespace.claimed", "namespace", given.Id.ToString(),
                $"{m.TargetCluster.Name}/{a.TargetNamespace} assigned to {m.Run.Tenant.DisplayName}: {a.SourceNamespace} {(m.IsRecovery ? "recovered there from a backup of the lost cluster" : "moved there from")} {m.SourceCluster.Name} (wave \"{m.Wave.Name}\")", a.TenantId));
        };
    }

    /// <summary>A rollback takes back the target namespace the move gave the tenant (the source's stays as it was).</summary>
    public static async Task<Action<IPortalDbContext, MigrationApplication>?> TakeBackTargetAsync(MigrationRun m, CancellationToken ct)
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
