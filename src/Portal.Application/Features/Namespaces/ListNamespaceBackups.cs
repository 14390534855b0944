using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Access;

namespace Portal.Application.Features.Namespaces;

public sealed record ListNamespaceBackupsQuery(Guid TenantNamespaceId);

/// <param name="LastSeenAt">Set when the cluster does not answer and the backup is listed as the portal last saw it there
/// (when it saw it): it may be restored on another cluster whose Velero sees its location.</param>
public sealed record NamespaceBackupView(string Name, string? Phase, bool Restorable, DateTimeOffset? CreatedAt,
    DateTimeOffset? CompletedAt, DateTimeOffset? Expiration, string? StorageLocation, string Origin, Guid? PortalRequestId,
    IReadOnlyList<string> IncludedNamespaces, string? PolicyName = null, DateTimeOffset? LastSeenAt = null);

/// <summary>Every Velero backup on the cluster that contains the namespace, made by the portal or not
/// (a Velero Schedule's, say), newest first. Read live from the cluster. A backup made by the Schedule of one of the
/// namespace's protections (now or before) carries that protection's policy name. When the cluster does not answer (the
/// worst day: it is gone), the backups the protection follower last saw there, so one can still be restored elsewhere.</summary>
public sealed class ListNamespaceBackups(UseCaseServices s, IClusterGateway gateway, ClusterConnections connections) : IUseCase
{
    public async Task<Result<IReadOnlyList<NamespaceBackupView>>> HandleAsync(ListNamespaceBackupsQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == q.TenantNamespaceId, ct);
        if (ns is null || !caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId)) return Error.NotFound("The namespace");
        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == ns.ClusterId, ct);
        var policyOf = (await db.NamespaceProtections.AsNoTracking()
                .Where(p => p.ClusterId == ns.ClusterId && p.Namespace == ns.Namespace && p.TenantId == ns.TenantId).ToListAsync(ct))
            .ToDictionary(p => p.ScheduleName, p => p.PolicyName, StringComparer.Ordinal);
        try
        {
            var backups = await gateway.ListBackupsAsync(connections.For(cluster), ClusterConnections.VeleroNamespaceOf(cluster), ct);
            return backups.Where(b => b.Includes(ns.Namespace))
                .OrderByDescending(b => b.CreatedAt)
                .Select(b =>
                {
                    var policy = b.ScheduleName is { } schedule ? policyOf.GetValueOrDefault(schedule) : null;
                    return new NamespaceBackupView(b.Name, b.Phase, b.IsRestorable, b.CreatedAt, b.CompletedAt, b.Expiration,
                        b.StorageLocation, Origin(policy, b.PortalRequestId is not null, b.ScheduleName), Guid.TryParse(b.PortalRequestId, out var id) ? id : null, b.IncludedNamespaces, policy);
                })
                .ToList();
        }
        catch (ClusterAccessException ex)
        {
            if (ex.Fault is ClusterFault.Unreachable or ClusterFault.Timeout
                && await LastSeenAsync(db, ns.ClusterId, ns.Namespace, policyOf, ct) is { Count: > 0 } seen) return seen;
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
        }
    }

    /// <summary>How many of the cluster's newest observed backups are searched for the namespace's.</summary>
    private const int LastSeenWindow = 2000;

    private static async Task<List<NamespaceBackupView>> LastSeenAsync(IPortalDbContext db, Guid clusterId, string @namespace,
        IReadOnlyDictionary<string, string> policyOf, CancellationToken ct)
    {
        var observed = await db.ObservedBackups.AsNoTracking()
            .Where(b => b.ClusterId == clusterId && !b.ClusterResourcesOnly)
            .OrderByDescending(b => b.StartedAt).Take(LastSeenWindow).ToListAsync(ct);
        return observed
            .Where(b => (b.IncludedNamespaces.Count == 0 || b.IncludedNamespaces.Contains("*") || b.IncludedNamespaces.Contains(@namespace))
                        && !b.ExcludedNamespaces.Contains(@namespace))
            .Select(b =>
            {
                var policy = b.ScheduleName is { } schedule ? policyOf.GetValueOrDefault(schedule) : null;
                var origin = Origin(policy, b.RequestId is not null, b.ScheduleName);
                return new NamespaceBackupView(b.Name, b.Phase, b.Phase is "Completed" or "PartiallyFailed", b.StartedAt, b.CompletedAt,
                    b.Expiration, b.StorageLocation, origin, b.RequestId, b.IncludedNamespaces, policy, b.ObservedAt);
            })
            .ToList();
    }

    private static string Origin(string? policy, bool byPortalRequest, string? schedule) =>
        policy is not null ? $"Protection policy {policy}"
        : byPortalRequest ? "Portal request"
        : schedule is not null ? $"Velero schedule {schedule}"
        : "Made outside the portal";
}
