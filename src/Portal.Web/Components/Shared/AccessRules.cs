using Portal.Application.Features.Access;
using Portal.Application.Security;
using Portal.Domain.Access;

namespace Portal.Web.Components.Shared;

/// <summary>What the menu and buttons show, from what the user holds. The use cases enforce the same rules;
/// hiding is only so nobody is offered what would be refused.</summary>
public static class AccessRules
{
    public static bool Has(this MyAccess? access, Permission permission) => access?.PermissionsAnywhere.Contains(permission) == true;

    public static bool HasEstateWide(this MyAccess? access, Permission permission) => access?.PermissionsEstateWide.Contains(permission) == true;

    /// <summary>The permission over this tenant's work on this cluster, by the same rule the use cases apply.</summary>
    public static bool Can(this MyAccess? access, Permission permission, Guid? tenantId, Guid? clusterId = null) =>
        access?.Grants.Any(g => g.Persona.Grants(permission)
            && new AccessGrant(g.Persona, g.ScopeKind, g.TenantId, g.ClusterId).Covers(tenantId, clusterId)) == true;

    /// <summary>Who to ask, in words: "a platform engineer of Webshop", "an application owner, SRE / DR engineer or
    /// database engineer of Webshop".</summary>
    public static string WhoMay(Permission permission, string scope)
    {
        var names = Enum.GetValues<Persona>().Where(p => p.Grants(permission)).Select(p => Lower(p.Display())).ToList();
        var who = names.Count switch
        {
            0 => "an administrator",
            1 => names[0],
            _ => string.Join(", ", names[..^1]) + " or " + names[^1],
        };
        return $"{("aeiou".Contains(who[0]) ? "an" : "a")} {who} of {scope}";
    }

    // "Application owner" reads "application owner" in a sentence; "SRE / DR engineer" keeps its capitals.
    private static string Lower(string name) => name.Length > 1 && char.IsUpper(name[1]) ? name : char.ToLowerInvariant(name[0]) + name[1..];

    public static bool CanApprove(MyAccess? access) => access.Has(Permission.ApproveBackup) || access.Has(Permission.ApproveRestore);

    public static bool CanSeeDatabases(MyAccess? access) => access.Has(Permission.ManageDatabases) || access.Has(Permission.ViewTenant);

    /// <summary>Architects plan, platform engineers approve, application owners acknowledge the moves of their applications.</summary>
    public static bool CanSeeMigrations(MyAccess? access) =>
        access.Has(Permission.PlanMigrations) || access.Has(Permission.ApproveMigrations) || access.Has(Permission.AcknowledgeMigrations)
        // cluster recovery plans are listed there: for SREs and platform engineers who may recover a cluster (not tenant-bound ones)
        || access.HasEstateWide(Permission.RecoverClusters)
        || access?.Grants.Any(g => g.ScopeKind == ScopeKind.Cluster && g.Persona.Grants(Permission.RecoverClusters)) == true;

    public static string Personas(MyAccess? access) => access is null ? ""
        : string.Join(", ", access.Grants.Select(g => g.Persona).Distinct().Select(p => p.Display()));
}
