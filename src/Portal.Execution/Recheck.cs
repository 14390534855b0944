using Microsoft.EntityFrameworkCore;
using Portal.Application.Security;
using Portal.Domain.Access;

namespace Portal.Execution;

/// <summary>What the use case checked when the request was made, read again when the executor is about to write:
/// approval can take days, and namespaces change hands (or vanish) meanwhile. Each check returns the reason in words,
/// or null when the request may go ahead.</summary>
internal static class Recheck
{
    /// <summary>Which tenant owns the namespace of the request's cluster now (null: nobody), across every tenant.</summary>
    public static async Task<Guid?> OwnerAsync(RequestRun run, string @namespace, CancellationToken ct, Guid? clusterId = null)
    {
        var cluster = clusterId ?? run.Request.ClusterId;
        await using var db = await run.OpenDbAsync(ct);
        return await db.TenantNamespaces.AsNoTracking()
            .Where(n => n.ClusterId == cluster && n.Namespace == @namespace).Select(n => (Guid?)n.TenantId).FirstOrDefaultAsync(ct);
    }

    /// <summary>Null when <paramref name="namespace"/> still belongs to the request's tenant.</summary>
    /// <param name="nothingDone">What was not done, e.g. "Nothing was backed up."</param>
    public static async Task<string?> StillTenantsAsync(RequestRun run, string @namespace, string nothingDone, CancellationToken ct, Guid? clusterId = null)
    {
        var owner = await OwnerAsync(run, @namespace, ct, clusterId);
        if (owner == run.Request.TenantId) return null;
        var how = owner is null ? "it was taken from the tenant" : "it was given to another tenant";
        return $"Namespace {@namespace} on {run.Cluster.Name} no longer belongs to your tenant {run.Tenant.DisplayName}: {how} after this request was made. {nothingDone}";
    }

    /// <summary>Null when the requester still holds <paramref name="permission"/> for the request's tenant on
    /// <paramref name="clusterId"/> by the bindings of today (their user's, and those of the groups they were in when they asked);
    /// else the reason in words. Null too for a request that did not record the groups (made before they were).</summary>
    public static async Task<string?> RequesterMayAsync(RequestRun run, IReadOnlyList<string>? groups, Permission permission, Guid clusterId,
        string mayNoLonger, string nothingDone, CancellationToken ct)
    {
        if (groups is null) return null;
        await using var db = await run.OpenDbAsync(ct);
        var requester = await PersonGrants.RequesterAsync(db, run.Request.RequestedById, run.Request.RequestedByName, groups, ct);
        return requester.Can(permission, run.Request.TenantId, clusterId)
            ? null
            : $"{run.Request.RequestedByName}, who asked for this, may no longer {mayNoLonger}: their rights were changed after this request was made. {nothingDone}";
    }
}
