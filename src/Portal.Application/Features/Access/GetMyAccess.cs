using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;

namespace Portal.Application.Features.Access;

public sealed record GetMyAccessQuery;

/// <param name="TenantId">The tenant of a tenant scope; <paramref name="ClusterId"/> the cluster of a cluster scope.</param>
public sealed record MyGrant(Persona Persona, ScopeKind ScopeKind, string ScopeName, Guid? TenantId = null, Guid? ClusterId = null);

public sealed record MyAccess(string DisplayName, string Email, IReadOnlyList<MyGrant> Grants, IReadOnlySet<Permission> PermissionsAnywhere,
    IReadOnlySet<Permission> PermissionsEstateWide);

/// <summary>What the signed-in user holds, for the menu and the profile page. Buttons are shown from this;
/// every command still checks for itself.</summary>
public sealed class GetMyAccess(UseCaseServices s) : IUseCase
{
    public async Task<Result<MyAccess>> HandleAsync(GetMyAccessQuery q, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var tenantIds = caller.Grants.Where(g => g.TenantId is not null).Select(g => g.TenantId!.Value).ToList();
        var clusterIds = caller.Grants.Where(g => g.ClusterId is not null).Select(g => g.ClusterId!.Value).ToList();
        var tenants = await db.Tenants.AsNoTracking().Where(t => tenantIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.DisplayName, ct);
        var clusters = await db.Clusters.AsNoTracking().Where(c => clusterIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var grants = caller.Grants.Select(g => new MyGrant(g.Persona, g.ScopeKind, g.ScopeKind switch
        {
            ScopeKind.Tenant => tenants.GetValueOrDefault(g.TenantId!.Value, "?"),
            ScopeKind.Cluster => clusters.GetValueOrDefault(g.ClusterId!.Value, "?"),
            _ => "whole estate",
        }, g.TenantId, g.ClusterId)).ToList();
        var anywhere = Enum.GetValues<Permission>().Where(caller.CanAnywhere).ToHashSet();
        var estate = Enum.GetValues<Permission>().Where(caller.CanEstateWide).ToHashSet();
        return new MyAccess(caller.Principal.DisplayName, caller.Principal.Email, grants, anywhere, estate);
    }
}
