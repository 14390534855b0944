using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Domain.Databases;

namespace Portal.Application.Features.Snapshots;

/// <summary>A registered database of a namespace as the snapshot form offers it for a checkpoint: <paramref name="Statement"/>
/// is what runs before the snapshot, null when its engine has none (then <paramref name="Refusal"/> says so).</summary>
public sealed record SnapshotDatabase(Guid Id, string Name, DatabaseEngine Engine, string? Statement, string? Refusal);

/// <summary>The database a "database checkpoint" snapshot runs its statement on: registered to the tenant in the very namespace
/// (and cluster) of the snapshot, with an engine the portal checkpoints. Checked at submit and again by the executor.</summary>
public static class SnapshotCheckpoint
{
    public const string Field = "database";

    /// <summary>The database, or why it cannot be checkpointed before a snapshot of <paramref name="ns"/>, in words.</summary>
    public static async Task<(DatabaseTarget? Database, string? Problem)> FindAsync(IPortalDbContext db, Guid tenantId, Guid clusterId, string ns,
        Guid databaseId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var target = await db.DatabaseTargets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == databaseId, ct);
        if (target is null || target.TenantId != tenantId || target.ClusterId != clusterId || target.Namespace != ns)
            return (null, $"The database chosen for the checkpoint is not registered in namespace {ns}: register it on the namespace's databases, or choose another.");
        return DatabaseCheckpoints.Refusal(target.Engine, target.Name) is { } refusal ? (null, refusal) : (target, null);
    }

    /// <summary>The namespace's registered databases, for the form's picker.</summary>
    public static async Task<IReadOnlyList<SnapshotDatabase>> ListAsync(IPortalDbContext db, Guid tenantId, Guid clusterId, string ns, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var targets = await db.DatabaseTargets.AsNoTracking()
            .Where(d => d.TenantId == tenantId && d.ClusterId == clusterId && d.Namespace == ns).ToListAsync(ct);
        return targets.OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => new SnapshotDatabase(d.Id, d.Name, d.Engine, d.Engine.Statement(), DatabaseCheckpoints.Refusal(d.Engine, d.Name))).ToList();
    }
}
