using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Access;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Restores;

/// <summary>A cluster the restore form offers: the namespace's own, or another where the caller may restore for the
/// tenant. <paramref name="Location"/> is the location there that sees the backup; <paramref name="Problem"/> why it
/// cannot take the restore (in words), null when it can.</summary>
public sealed record RestoreTargetCluster(Guid Id, string Name, bool IsSame, string? Location, string? Problem);

/// <summary>What the form shows for the chosen target: the backup's claims and Ingresses with their classes (another
/// cluster only), the target's classes to map them to, and the GitOps objects that deploy into the target namespace.</summary>
public sealed record RestoreTargetView(IReadOnlyList<ClaimClassUse> Claims, IReadOnlyList<IngressClassUse> Ingresses, IReadOnlyList<string> StorageClasses,
    IReadOnlyList<string> IngressClasses, IReadOnlyList<string> GitOps, string? Note);

public sealed record ListRestoreClustersQuery(Guid TenantNamespaceId, string BackupName);

public sealed record ReadRestoreTargetQuery(Guid TenantNamespaceId, Guid TargetClusterId, string TargetNamespace);

/// <summary>The clusters a backup of the namespace can be restored on: its own, then every other registered cluster where
/// the caller may request restores for the tenant, each saying whether it sees the backup's location.</summary>
public sealed class ListRestoreClusters(UseCaseServices s, IClusterGateway gateway, IMigrationClusterGateway kube, ClusterConnections connections) : IUseCase
{
    public async Task<Result<IReadOnlyList<RestoreTargetCluster>>> HandleAsync(ListRestoreClustersQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == q.TenantNamespaceId, ct);
        if (ns is null || !caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId)) return Error.NotFound("The namespace");
        var clusters = await db.Clusters.AsNoTracking().Where(c => c.RetiredAt == null).OrderBy(c => c.Name).ToListAsync(ct);
        var source = clusters.FirstOrDefault(c => c.Id == ns.ClusterId);
        var result = new List<RestoreTargetCluster>();
        if (source is not null && caller.Can(Permission.RequestRestore, ns.TenantId, ns.ClusterId)) result.Add(new(source.Id, source.Name, true, null, null));
        var others = clusters.Where(c => c.Id != ns.ClusterId && caller.Can(Permission.RequestRestore, ns.TenantId, c.Id)).ToList();
        if (others.Count == 0 || source is null || string.IsNullOrWhiteSpace(q.BackupName)) return result;

        Portal.Moves.Preflight.BackupLocationFact? written = null;
        string? sourceProblem = null;
        try
        {
            var backup = await gateway.GetBackupAsync(connections.For(source), ClusterConnections.VeleroNamespaceOf(source), q.BackupName, ct);
            var facts = await kube.ReadFactsAsync(connections.For(source), ClusterConnections.VeleroNamespaceOf(source), ct);
            written = facts.BackupLocations.FirstOrDefault(l => l.Name == backup?.StorageLocation);
            if (written is null) sourceProblem = $"The portal cannot tell which location holds backup {q.BackupName} on {source.Name}.";
        }
        catch (ClusterAccessException)
        {
            written = null; // the source is down: only a cluster that synced the backup already can say
        }
        foreach (var other in others)
        {
            try
            {
                if (written is not null)
                {
                    var facts = await kube.ReadFactsAsync(connections.For(other), ClusterConnections.VeleroNamespaceOf(other), ct);
                    var location = CrossClusterRestoreCheck.LocationOn(other, facts, written);
                    result.Add(new(other.Id, other.Name, false, location.Value, location.Error?.Message));
                }
                else if (sourceProblem is not null)
                {
                    result.Add(new(other.Id, other.Name, false, null, sourceProblem));
                }
                else
                {
                    var synced = await gateway.GetBackupAsync(connections.For(other), ClusterConnections.VeleroNamespaceOf(other), q.BackupName, ct);
                    result.Add(synced is null
                        ? new(other.Id, other.Name, false, null, $"{source.Name} cannot be reached and the Velero of {other.Name} does not see backup {q.BackupName}.")
                        : new(other.Id, other.Name, false, synced.StorageLocation, null));
                }
            }
            catch (ClusterAccessException ex)
            {
                result.Add(new(other.Id, other.Name, false, null, ClusterConnections.Explain(ex, other.Name)));
            }
        }
        return result;
    }
}

/// <summary>What the form shows about the chosen target cluster and namespace (see <see cref="RestoreTargetView"/>).</summary>
public sealed class ReadRestoreTarget(UseCaseServices s, IMigrationClusterGateway kube, ClusterConnections connections, CrossClusterRestoreCheck check,
    GitOpsManagers managers) : IUseCase
{
    public async Task<Result<RestoreTargetView>> HandleAsync(ReadRestoreTargetQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == q.TenantNamespaceId, ct);
        if (ns is null || !caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId)) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.RequestRestore, ns.TenantId, q.TargetClusterId)) return caller.Refuse("You may not request restores on that cluster.");
        var target = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == q.TargetClusterId, ct);
        if (target is null) return Error.NotFound("The target cluster");
        var gitOps = new List<string>();
        try
        {
            if (Domain.Common.KubernetesName.ExplainInvalidLabel(q.TargetNamespace ?? "", "namespace") is null)
                gitOps.AddRange((await managers.OfAsync(connections.For(target), q.TargetNamespace!, ct)).Select(g => g.ToString()));
            if (target.Id == ns.ClusterId) return new RestoreTargetView([], [], [], [], gitOps, null);
            var facts = await kube.ReadFactsAsync(connections.For(target), ClusterConnections.VeleroNamespaceOf(target), ct);
            var source = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == ns.ClusterId, ct);
            RestoreClasses classes;
            string? note = null;
            try
            {
                classes = await check.ClassesAsync(connections.For(source), ns.Namespace, new Dictionary<string, string>(), new Dictionary<string, string>(), ct);
            }
            catch (ClusterAccessException)
            {
                classes = RestoreClasses.None;
                note = $"{source.Name} cannot be reached, so the portal cannot read which classes the backup's claims and Ingresses use; map the classes you know of.";
            }
            return new RestoreTargetView(classes.Claims, classes.Ingresses, facts.StorageClasses.Select(c => c.Name).ToList(),
                facts.IngressClasses.Select(c => c.Name).ToList(), gitOps, note);
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, target.Name));
        }
    }
}
