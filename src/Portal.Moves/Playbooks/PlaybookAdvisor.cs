using Portal.Domain.Moves;
using Portal.Moves.Classification;

namespace Portal.Moves.Playbooks;

/// <summary>
/// Recommends one of the five playbooks for an application, says why, and says for every other playbook why it
/// is less suitable or not possible:
/// <list type="bullet">
/// <item>nothing to move but configuration: GitOps redeploy when GitOps manages it, else export/transform/apply;</item>
/// <item>GitOps-managed, and all data in databases the portal dumps (PostgreSQL, MySQL, MariaDB): GitOps + dump/restore;</item>
/// <item>other data: Velero + CSI snapshots when the clusters share storage and a backup location, Velero
/// backup/restore when they share a backup location, else export/transform/apply with PVC data copy.</item>
/// </list>
/// </summary>
public static class PlaybookAdvisor
{
    public static PlaybookRecommendation Recommend(ApplicationProfile profile, ClusterPairFacts clusters)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(clusters);
        var s = new Situation(profile, clusters);
        var pick = Pick(s);
        // Restoring from a backup is for a source that is lost (cluster recovery), never an alternative for a move.
        var alternatives = Enum.GetValues<MigrationPlaybook>()
            .Where(p => p != pick && p != MigrationPlaybook.RestoreFromBackup)
            .Select(p => PlaybookReasons.Alternative(p, s, pick))
            .ToList();
        return new PlaybookRecommendation(pick, PlaybookReasons.WhyRecommended(pick, s), alternatives);
    }

    private static MigrationPlaybook Pick(Situation s)
    {
        if (!s.HasData) return s.GitOps ? MigrationPlaybook.GitOpsRedeploy : MigrationPlaybook.ExportTransformApply;
        if (s.DumpCoversAllData) return MigrationPlaybook.GitOpsWithDatabaseDump;
        if (s.HasClaims && s.Clusters.SharedStorage && s.Clusters.SharedBackupLocationAvailable) return MigrationPlaybook.VeleroCsiSnapshots;
        return s.Clusters.SharedBackupLocationAvailable ? MigrationPlaybook.VeleroBackupRestore : MigrationPlaybook.ExportTransformApply;
    }
}
