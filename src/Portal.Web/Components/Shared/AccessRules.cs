using Portal.Application.Features.Access;
using Portal.Domain.Access;

namespace Portal.Web.Components.Shared;

/// <summary>What the menu and buttons show, from what the user holds. The use cases enforce the same rules;
/// hiding is only so nobody is offered what would be refused.</summary>
public static class AccessRules
{
    public static bool Has(this MyAccess? access, Permission permission) => access?.PermissionsAnywhere.Contains(permission) == true;

    public static bool HasEstateWide(this MyAccess? access, Permission permission) => access?.PermissionsEstateWide.Contains(permission) == true;

    public static bool CanApprove(MyAccess? access) => access.Has(Permission.ApproveBackup) || access.Has(Permission.ApproveRestore);

    public static bool CanSeeDatabases(MyAccess? access) => access.Has(Permission.ManageDatabases) || access.Has(Permission.ViewTenant);

    /// <summary>Architects plan, platform engineers approve, application owners acknowledge the moves of their applications.</summary>
    public static bool CanSeeMigrations(MyAccess? access) =>
        access.Has(Permission.PlanMigrations) || access.Has(Permission.ApproveMigrations) || access.Has(Permission.AcknowledgeMigrations);

    public static string Personas(MyAccess? access) => access is null ? ""
        : string.Join(", ", access.Grants.Select(g => g.Persona).Distinct().Select(p => p.Display()));
}
