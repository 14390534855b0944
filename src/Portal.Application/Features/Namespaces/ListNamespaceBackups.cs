using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Access;

namespace Portal.Application.Features.Namespaces;

public sealed record ListNamespaceBackupsQuery(Guid TenantNamespaceId);

public sealed record NamespaceBackupView(string Name, string? Phase, bool Restorable, DateTimeOffset? CreatedAt,
    DateTimeOffset? CompletedAt, DateTimeOffset? Expiration, string? StorageLocation, string Origin, Guid? PortalRequestId,
    IReadOnlyList<string> IncludedNamespaces, string? PolicyName = null);

/// <summary>Every Velero backup on the cluster that contains the namespace, made by the portal or not
/// (a Velero Schedule's, say), newest first. Read live from the cluster. A backup made by the Schedule of one of the
/// namespace's protections (now or before) carries that protection's policy name.</summary>
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
                        b.StorageLocation, Origin(b, policy), Guid.TryParse(b.PortalRequestId, out var id) ? id : null, b.IncludedNamespaces, policy);
                })
                .ToList();
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
        }
    }

    private static string Origin(VeleroBackupInfo b, string? policy) =>
        policy is not null ? $"Protection policy {policy}"
        : b.PortalRequestId is not null ? "Portal request"
        : b.ScheduleName is not null ? $"Velero schedule {b.ScheduleName}"
        : "Made outside the portal";
}
