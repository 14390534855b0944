using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Namespaces;

/// <summary>Finds a protection the caller may change: a namespace's for someone who may request backups of it, a
/// cluster's resources' for a platform engineer over the cluster. Someone who may not see it is told it does not exist.</summary>
internal static class ProtectionLookup
{
    public static async Task<Result<NamespaceProtection>> ForChangeAsync(IPortalDbContext db, AccessContext caller, Guid protectionId,
        string refusal, CancellationToken ct)
    {
        var p = await db.NamespaceProtections.FirstOrDefaultAsync(x => x.Id == protectionId, ct);
        if (p is null || p.IsRemoved) return Error.NotFound("The protection");
        if (p.Target == ProtectionTarget.ClusterResources)
        {
            if (!caller.Can(Permission.ViewClusters, null, p.ClusterId)) return Error.NotFound("The protection");
            if (!caller.Can(Permission.ManagePolicies, null, p.ClusterId)) return caller.Refuse(refusal);
            return p;
        }

        if (!caller.Can(Permission.ViewTenant, p.TenantId, p.ClusterId)) return Error.NotFound("The protection");
        if (!caller.Can(Permission.RequestBackup, p.TenantId, p.ClusterId)) return caller.Refuse(refusal);
        return p;
    }

    /// <summary>The namespace the request is about: the protected one, or for cluster resources the cluster's Velero namespace.</summary>
    public static async Task<string> RequestNamespaceAsync(IPortalDbContext db, NamespaceProtection p, CancellationToken ct)
    {
        if (p.Target == ProtectionTarget.Namespace) return p.Namespace;
        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == p.ClusterId, ct);
        return Clusters.ClusterConnections.VeleroNamespaceOf(cluster);
    }

    public static string Subject(NamespaceProtection p) =>
        p.Target == ProtectionTarget.Namespace ? $"namespace {p.Namespace}" : "the cluster's resources";
}
