namespace Portal.Domain.Moves;

/// <summary>The five playbooks of the product (PRODUCT.md, "typical tool combinations").</summary>
public enum MigrationPlaybook
{
    /// <summary>Point the Argo CD Application / Flux object at the target, wait healthy, retire the source.</summary>
    GitOpsRedeploy,

    /// <summary>GitOps redeploy, then a database dump on the source restored on the target.</summary>
    GitOpsWithDatabaseDump,

    /// <summary>Velero backup on the source, restore on the target, through a backup location both see.</summary>
    VeleroBackupRestore,

    /// <summary>Export, transform and apply the objects (Crane-style), copy PVC data, switch GitOps.</summary>
    ExportTransformApply,

    /// <summary>Velero with CSI snapshots, when source and target share storage.</summary>
    VeleroCsiSnapshots,

    /// <summary>The source is lost: the newest backup it left in a location the target reads is restored there, GitOps
    /// is re-created as far as the portal knows it, and the source is never contacted (cluster recovery).</summary>
    RestoreFromBackup,
}

/// <summary>Facts about the pair of clusters that decide which playbooks can work.</summary>
/// <param name="SharedBackupLocationAvailable">A Velero backup storage location (same bucket and prefix) is Available on both clusters.</param>
/// <param name="SharedStorage">Both clusters reach the same storage through the same CSI driver, so a snapshot taken on the source can be restored on the target.</param>
public sealed record ClusterPairFacts(bool SharedBackupLocationAvailable, bool SharedStorage);

/// <summary>A playbook the advisor did not pick: whether it could work at all, and why it is less suitable or not possible.</summary>
public sealed record PlaybookAlternative(MigrationPlaybook Playbook, bool Possible, string Reason);

/// <summary>The recommended playbook with the reason, and every other playbook with why not.</summary>
public sealed record PlaybookRecommendation(MigrationPlaybook Playbook, string Reason, IReadOnlyList<PlaybookAlternative> Alternatives);

public static class PlaybookTitles
{
    public static string Title(this MigrationPlaybook playbook) => playbook switch
    {
        MigrationPlaybook.GitOpsRedeploy => "GitOps redeploy",
        MigrationPlaybook.GitOpsWithDatabaseDump => "GitOps redeploy with database dump and restore",
        MigrationPlaybook.VeleroBackupRestore => "Velero backup and restore through a shared backup location",
        MigrationPlaybook.ExportTransformApply => "Export, transform and apply, with PVC data copy",
        MigrationPlaybook.RestoreFromBackup => "Restore from its newest backup (the source is lost)",
        _ => "Velero with CSI snapshots on shared storage",
    };

    /// <summary>The title for an application: "with PVC data copy" only when it has claims to copy.</summary>
    public static string Title(this MigrationPlaybook playbook, bool hasClaims) =>
        playbook == MigrationPlaybook.ExportTransformApply && !hasClaims ? "Export, transform and apply" : playbook.Title();

    /// <summary>True for the playbooks that go through Velero (and so need a backup location both clusters see).</summary>
    public static bool UsesVelero(this MigrationPlaybook playbook) =>
        playbook is MigrationPlaybook.VeleroBackupRestore or MigrationPlaybook.VeleroCsiSnapshots;
}
