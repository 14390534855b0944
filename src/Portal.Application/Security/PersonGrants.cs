using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Domain.Access;

namespace Portal.Application.Security;

/// <summary>A person's grants, read from the scope bindings of the user and of their Entra groups (an Entra application's ids
/// come as group principals, so its bindings of kind Application count the same way): the caller's (the access
/// context) or a requester's, read again when the executor acts for them (<see cref="RequesterAsync"/>).</summary>
public static class PersonGrants
{
    public static async Task<IReadOnlyList<AccessGrant>> OfAsync(IPortalDbContext db, string userId, IReadOnlyCollection<string> groupIds,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var groups = groupIds.ToList();
        var bindings = await db.ScopeBindings.AsNoTracking()
            .Where(b => (b.PrincipalKind == PrincipalKind.User && b.PrincipalId == userId)
                     || ((b.PrincipalKind == PrincipalKind.Group || b.PrincipalKind == PrincipalKind.Application) && groups.Contains(b.PrincipalId)))
            .ToListAsync(ct);
        return bindings.Select(b => new AccessGrant(b.Persona, b.ScopeKind, b.TenantId, b.ClusterId)).Distinct().ToList();
    }

    /// <summary>What the requester of a request may do now, by the bindings of today and the groups they were in when they asked
    /// (the portal learns group membership only at sign-in).</summary>
    public static async Task<AccessContext> RequesterAsync(IPortalDbContext db, string userId, string displayName, IReadOnlyList<string> groupIds,
        CancellationToken ct) =>
        new(new CurrentPrincipal(userId, displayName, "", groupIds), await OfAsync(db, userId, groupIds, ct));
}
