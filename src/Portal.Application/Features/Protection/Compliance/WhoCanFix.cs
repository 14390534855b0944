using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Features.Protection.Status;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Protection.Compliance;

/// <summary>
/// Who can fix a namespace's status: its tenant's SREs and application owners protect it, resume it, put its Schedule
/// back or move it to a better policy; platform engineers grant policies, set minimums and repair backup locations and
/// the clusters' own protection. Names are given where the caller may see who holds a persona (people of the caller's
/// own tenants; everyone, for those who manage access estate-wide), else the persona in words.
/// </summary>
internal sealed class WhoCanFix
{
    private readonly AccessContext _caller;
    private readonly List<(ScopeBinding Binding, string Name)> _people;

    private WhoCanFix(AccessContext caller, List<(ScopeBinding, string)> people)
    {
        _caller = caller;
        _people = people;
    }

    private static readonly Persona[] Fixers = [Persona.SreEngineer, Persona.ApplicationOwner, Persona.PlatformEngineer];

    /// <summary>Reads the bindings (and names) of the people who can fix the given rows: one query each.</summary>
    public static async Task<WhoCanFix> ForAsync(AccessContext caller, IPortalDbContext db, IReadOnlyCollection<NamespaceStatus> rows, CancellationToken ct)
    {
        var tenants = rows.Select(r => (Guid?)r.TenantId).Distinct().ToList();
        var clusters = rows.Select(r => (Guid?)r.ClusterId).Distinct().ToList();
        var bindings = await db.ScopeBindings.AsNoTracking()
            .Where(b => Fixers.Contains(b.Persona))
            .Where(b => b.PrincipalKind != PrincipalKind.Application) // a pipeline's application fixes nothing by hand: people are named
            .Where(b => b.ScopeKind == ScopeKind.Estate || tenants.Contains(b.TenantId) || clusters.Contains(b.ClusterId))
            .ToListAsync(ct);
        var userIds = bindings.Where(b => b.PrincipalKind == PrincipalKind.User && Guid.TryParse(b.PrincipalId, out _))
            .Select(b => Guid.Parse(b.PrincipalId)).Distinct().ToList();
        var names = userIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id.ToString(), u => u.DisplayName, ct);
        return new WhoCanFix(caller, bindings.Select(b => (b, b.PrincipalKind == PrincipalKind.User
            ? names.GetValueOrDefault(b.PrincipalId, "a removed user") : $"members of group {b.PrincipalId}")).ToList());
    }

    public IReadOnlyList<ComplianceFixer> For(NamespaceStatus s, string? tenantName)
    {
        var fixers = new List<ComplianceFixer>();
        var v = s.Verdict;
        if (s.Target == ProtectionTarget.ClusterResources)
        {
            if (v.Status != ProtectionStatus.Protected) fixers.Add(Platform(s, "repair the protection of the cluster's resources"));
            return fixers;
        }
        if (s.Protection is not null && s.Location is { IsUnavailable: true } location)
            fixers.Add(Platform(s, $"make backup location {location.Name} available again"));
        var tenantWork = v.Status switch
        {
            ProtectionStatus.Unprotected => "protect it with a policy",
            ProtectionStatus.AtRisk when s.Protection is null => "protect it with a policy, or back it up",
            ProtectionStatus.AtRisk when s.Protection.Paused => "resume its protection",
            ProtectionStatus.AtRisk when s.Protection.Drift != ScheduleDrift.None => "put its Velero Schedule back",
            ProtectionStatus.AtRisk => "look at its failing or late backups (back up now)",
            _ => null,
        };
        if (s.BelowMinimum is not null)
        {
            tenantWork = s.Protection is null ? "protect it with a policy that meets the tenant's minimum"
                : tenantWork is null ? "move it to a policy that meets the tenant's minimum"
                : tenantWork + ", and move it to a policy that meets the tenant's minimum";
            fixers.Add(Platform(s, "grant the tenant a policy that meets its minimum, or change the minimum"));
        }
        if (tenantWork is not null)
            fixers.Insert(0, Tenant(s, tenantName ?? "its tenant", tenantWork));
        return fixers;
    }

    private ComplianceFixer Tenant(NamespaceStatus s, string tenantName, string what)
    {
        var seen = _caller.CanEstateWide(Permission.ManageTenants)
            || _caller.Grants.Any(g => g.ScopeKind == ScopeKind.Tenant && g.TenantId == s.TenantId);
        var names = seen
            ? _people.Where(p => p.Binding.Persona is Persona.SreEngineer or Persona.ApplicationOwner
                                 && p.Binding.ScopeKind == ScopeKind.Tenant && p.Binding.TenantId == s.TenantId)
                .Select(p => p.Name).Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList()
            : [];
        return new ComplianceFixer($"SREs and application owners of {tenantName}", names, what);
    }

    private ComplianceFixer Platform(NamespaceStatus s, string what)
    {
        var estate = _caller.CanEstateWide(Permission.ManageTenants);
        var names = _people.Where(p => p.Binding.Persona == Persona.PlatformEngineer && p.Binding.ScopeKind switch
            {
                ScopeKind.Estate => estate,
                ScopeKind.Cluster => estate && p.Binding.ClusterId == s.ClusterId,
                _ => s.TenantId != Guid.Empty && p.Binding.TenantId == s.TenantId
                     && (estate || _caller.Grants.Any(g => g.ScopeKind == ScopeKind.Tenant && g.TenantId == s.TenantId)),
            })
            .Select(p => p.Name).Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new ComplianceFixer("Platform engineers", names, what);
    }
}
