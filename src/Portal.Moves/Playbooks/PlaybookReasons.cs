using Portal.Domain.Moves;

namespace Portal.Moves.Playbooks;

/// <summary>The words of the advice: why the pick, and why not each other playbook.</summary>
internal static class PlaybookReasons
{
    public static string WhyRecommended(MigrationPlaybook pick, Situation s) => pick switch
    {
        MigrationPlaybook.GitOpsRedeploy =>
            $"The application is stateless and {s.Manager} deploys it: point it at the target cluster, wait until it is healthy, then retire the source. Only configuration moves, and Git already holds it."
            + s.UnmanagedCaveat,
        MigrationPlaybook.GitOpsWithDatabaseDump =>
            $"{s.Manager} redeploys the application on the target, and all its data is in {s.DatabaseList}: a dump on the source restored on the target moves it consistently, whatever storage each cluster has."
            + s.UnmanagedCaveat,
        MigrationPlaybook.VeleroCsiSnapshots =>
            $"The data is in {s.DataPlaces}, and both clusters share storage and a backup location: Velero backs up the objects with CSI snapshots of the volumes, and the target restores the volumes from those snapshots without copying the data."
            + WhyNotDump(s),
        MigrationPlaybook.VeleroBackupRestore =>
            $"The data is in {s.DataPlaces}, and both clusters see the same backup storage location: Velero backs up the namespace with its volume data, and the target restores it with the namespace and storage class mappings."
            + WhyNotDump(s),
        _ when !s.HasData =>
            "The application is stateless and no GitOps tool manages it: the portal exports its objects, transforms them for the target (namespace, storage classes, registries) and applies them. There is no data to copy.",
        _ =>
            $"The data is in {s.DataPlaces}, and the clusters share neither a backup location nor storage: the portal exports the objects, transforms them for the target, applies them and copies the volume data while the application is stopped"
            + (s.GitOps ? $", then switches {s.Manager} to the target." : ".")
            + WhyNotDump(s),
    };

    public static PlaybookAlternative Alternative(MigrationPlaybook playbook, Situation s, MigrationPlaybook pick)
    {
        var (possible, reason) = playbook switch
        {
            MigrationPlaybook.GitOpsRedeploy => GitOpsRedeploy(s),
            MigrationPlaybook.GitOpsWithDatabaseDump => DatabaseDump(s),
            MigrationPlaybook.VeleroBackupRestore => VeleroBackup(s, pick),
            MigrationPlaybook.ExportTransformApply => ExportTransformApply(pick),
            _ => Snapshots(s),
        };
        return new PlaybookAlternative(playbook, possible, reason);
    }

    private static string WhyNotDump(Situation s)
    {
        if (s.DataDatabases.Count == 0) return "";
        if (s.NotDumpable.Count > 0) return $" A dump is not an option: the portal dumps PostgreSQL, MySQL and MariaDB, not {s.NotDumpableList}.";
        if (s.Profile.NonDatabaseClaims.Count > 0) return $" A database dump alone is not enough: the claims {s.NonDatabaseClaimList} hold data besides the database.";
        return !s.GitOps ? " A dump and restore would need a GitOps tool to redeploy the application around it, and none manages it." : "";
    }

    private static (bool, string) GitOpsRedeploy(Situation s) =>
        !s.GitOps ? (false, "No Argo CD Application or Flux object manages the application, so there is nothing to redeploy from.")
        : s.HasData ? (false, $"Redeploying from Git recreates the volumes empty: the data in {s.DataPlaces} would stay behind on the source.")
        : (true, "Redeploys what Git holds; nothing else needs to move.");

    private static (bool, string) DatabaseDump(Situation s)
    {
        if (!s.GitOps) return (false, "It relies on GitOps to redeploy the application around the dump, and none manages it.");
        if (s.DataDatabases.Count == 0)
        {
            return (false, s.Profile.HasDatabase
                ? "The database keeps its data only in memory or an emptyDir, so there is nothing to dump."
                : "No database was found to dump.");
        }
        if (s.NotDumpable.Count > 0) return (false, $"The portal dumps PostgreSQL, MySQL and MariaDB, not {s.NotDumpableList}.");
        if (s.Profile.NonDatabaseClaims.Count > 0) return (false, $"The claims {s.NonDatabaseClaimList} hold data besides the database, and a dump would not move it.");
        return (true, "Moves the database consistently and redeploys the rest from Git.");
    }

    private static (bool, string) VeleroBackup(Situation s, MigrationPlaybook pick)
    {
        if (!s.Clusters.SharedBackupLocationAvailable)
            return (false, "No backup storage location is Available on both clusters, and Velero restores only from a location the target sees.");
        return (true, pick switch
        {
            MigrationPlaybook.GitOpsRedeploy => "Works, but restores what Git already describes and carries source-cluster leftovers along; redeploying from Git is cleaner.",
            MigrationPlaybook.GitOpsWithDatabaseDump => "Works, but copies the database files at volume level, tied to the same database version and storage layout; a dump is consistent and portable.",
            MigrationPlaybook.VeleroCsiSnapshots => "Works, but copies the volume data through object storage, which is much slower than restoring snapshots on the shared storage.",
            _ => "Works, but needs a backup first and rewrites registries or storage classes only through restore resource modifiers; applying the transformed objects is more direct.",
        });
    }

    private static (bool, string) ExportTransformApply(MigrationPlaybook pick) => (true, pick switch
    {
        MigrationPlaybook.GitOpsRedeploy => "Works, but the GitOps tool would fight objects applied beside it until it is switched; redeploying from Git is simpler.",
        MigrationPlaybook.GitOpsWithDatabaseDump => "Works, but copies the database files while the application is stopped; a dump is consistent and portable across storage and versions.",
        MigrationPlaybook.VeleroCsiSnapshots => "Works, but copies the volume data file by file while the application is stopped; restoring snapshots on the shared storage is much faster.",
        _ => "Works, but copies the volume data file by file between the clusters while the application is stopped; a Velero backup moves it through the shared location and also leaves a restore point.",
    });

    private static (bool, string) Snapshots(Situation s) =>
        !s.HasClaims ? (false, "The application has no volumes to snapshot.")
        : !s.Clusters.SharedStorage ? (false, "The clusters do not share storage, so a snapshot taken on the source cannot be restored on the target.")
        : !s.Clusters.SharedBackupLocationAvailable ? (false, "Velero needs a backup storage location Available on both clusters for the objects and the snapshot records.")
        : (true, "Works and is fast, but a snapshot of a running database is only crash-consistent; a dump is consistent and portable.");
}
