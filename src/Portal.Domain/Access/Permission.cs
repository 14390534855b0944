namespace Portal.Domain.Access;

/// <summary>What a persona may do. Checked by the application layer on every command and query.</summary>
public enum Permission
{
    ViewTenant,
    RequestBackup,
    RequestRestore,
    ApproveRestore,
    ApproveBackup,
    CancelRequest,
    ManageClusters,
    ViewClusters,
    ManageTenants,
    ManagePolicies,
    ViewAudit,
    /// <summary>Register databases, schedule and run dumps, restore them.</summary>
    ManageDatabases,
}

/// <summary>The permission set of each built-in persona.</summary>
public static class PersonaPermissions
{
    private static readonly Dictionary<Persona, HashSet<Permission>> Sets = new()
    {
        [Persona.ApplicationOwner] = [Permission.ViewTenant, Permission.RequestBackup, Permission.RequestRestore, Permission.CancelRequest, Permission.ViewClusters],
        [Persona.PlatformEngineer] = [Permission.ViewTenant, Permission.ManageClusters, Permission.ViewClusters, Permission.ManageTenants,
            Permission.ManagePolicies, Permission.ViewAudit, Permission.ApproveBackup, Permission.ApproveRestore, Permission.CancelRequest],
        [Persona.SreEngineer] = [Permission.ViewTenant, Permission.RequestBackup, Permission.RequestRestore, Permission.ApproveRestore,
            Permission.ApproveBackup, Permission.CancelRequest, Permission.ViewClusters, Permission.ViewAudit],
        [Persona.DatabaseEngineer] = [Permission.ViewTenant, Permission.RequestBackup, Permission.ViewClusters, Permission.ManageDatabases],
        [Persona.MigrationArchitect] = [Permission.ViewTenant, Permission.ViewClusters],
        [Persona.StorageAdministrator] = [Permission.ViewTenant, Permission.ViewClusters],
    };

    public static bool Grants(this Persona persona, Permission permission) => Sets[persona].Contains(permission);

    public static IReadOnlySet<Permission> Of(Persona persona) => Sets[persona];
}
