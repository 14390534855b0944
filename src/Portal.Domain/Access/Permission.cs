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
    /// <summary>Plan migrations: plans, waves, applications, mappings, preflight; roll back.</summary>
    PlanMigrations,
    /// <summary>Approve (or send back) a migration wave planned by someone else; roll back; close.</summary>
    ApproveMigrations,
    /// <summary>Acknowledge, as its owner, that an application of the tenant will be moved.</summary>
    AcknowledgeMigrations,
    /// <summary>Run restore drills of the tenant's namespaces, schedule them, and set a namespace's target RTO.</summary>
    RunRestoreDrill,
    /// <summary>Plan the recovery of a lost cluster onto a replacement (a platform engineer of another name approves its waves).</summary>
    RecoverClusters,
    /// <summary>See a cluster's storage: storage classes, snapshot classes, claims per class and the claims that cannot be
    /// snapshotted (with their tenants), and every snapshot in scope, to debug them.</summary>
    ViewStorage,
    /// <summary>Ask for changes to a cluster's VolumeSnapshotClasses (which one Velero uses for a driver, deletion policy).</summary>
    ChangeSnapshotClasses,
    /// <summary>Snapshot the tenant's claims now or on a schedule, delete its snapshots, restore one into a new claim.</summary>
    TakeSnapshots,
    /// <summary>Ask for a fast rollback: a claim replaced by one made from its snapshot (destructive: approved by policy).</summary>
    RollBackClaims,
    /// <summary>Keep the tenant's notification channels (webhooks, Slack, Teams, e-mail): add, change, test, resume, delete.</summary>
    ManageNotifications,
}

/// <summary>The permission set of each built-in persona.</summary>
public static class PersonaPermissions
{
    private static readonly Dictionary<Persona, HashSet<Permission>> Sets = new()
    {
        [Persona.ApplicationOwner] = [Permission.ViewTenant, Permission.RequestBackup, Permission.RequestRestore, Permission.CancelRequest, Permission.ViewClusters,
            Permission.AcknowledgeMigrations, Permission.TakeSnapshots, Permission.RollBackClaims],
        [Persona.PlatformEngineer] = [Permission.ViewTenant, Permission.ManageClusters, Permission.ViewClusters, Permission.ManageTenants,
            Permission.ManagePolicies, Permission.ViewAudit, Permission.ApproveBackup, Permission.ApproveRestore, Permission.CancelRequest,
            Permission.ApproveMigrations, Permission.RunRestoreDrill, Permission.RecoverClusters, Permission.ViewStorage, Permission.ManageNotifications],
        [Persona.SreEngineer] = [Permission.ViewTenant, Permission.RequestBackup, Permission.RequestRestore, Permission.ApproveRestore,
            Permission.ApproveBackup, Permission.CancelRequest, Permission.ViewClusters, Permission.ViewAudit, Permission.RunRestoreDrill, Permission.RecoverClusters,
            Permission.TakeSnapshots, Permission.RollBackClaims, Permission.ManageNotifications],
        [Persona.DatabaseEngineer] = [Permission.ViewTenant, Permission.RequestBackup, Permission.ViewClusters, Permission.ManageDatabases,
            Permission.TakeSnapshots, Permission.RollBackClaims],
        [Persona.MigrationArchitect] = [Permission.ViewTenant, Permission.ViewClusters, Permission.PlanMigrations],
        [Persona.StorageAdministrator] = [Permission.ViewTenant, Permission.ViewClusters, Permission.ViewStorage, Permission.ChangeSnapshotClasses],
    };

    public static bool Grants(this Persona persona, Permission permission) => Sets[persona].Contains(permission);

    public static IReadOnlySet<Permission> Of(Persona persona) => Sets[persona];
}
