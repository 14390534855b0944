using Portal.Domain.Moves;
using Portal.Moves;
using Portal.Moves.Playbooks;

namespace Portal.Execution.Moves.ApplicationSteps;

/// <summary>Moves the application's data the way its playbook says: through Velero, by copying the claims, or by dumping
/// and restoring its databases.</summary>
internal sealed class MoveDataStep(VeleroDataMove velero, DataCopy dataCopy, DatabaseMove databaseMove) : IApplicationMoveStep
{
    public async Task<StepOutcome> RunAsync(MigrationRun m, CancellationToken ct)
    {
        switch (m.App.Playbook)
        {
            case MigrationPlaybook.VeleroBackupRestore:
            case MigrationPlaybook.VeleroCsiSnapshots:
                return await velero.MoveAsync(m, ct);
            case MigrationPlaybook.RestoreFromBackup:
                return await velero.RestoreRecoveryAsync(m, ct);
            case MigrationPlaybook.ExportTransformApply:
                var claims = m.Manifests().Select(ObjectKey.Of).Where(k => k.Kind == "PersistentVolumeClaim").Select(k => k.Name).ToList();
                if (claims.Count == 0) return StepOutcome.Skipped("Stateless: nothing but configuration to move.");
                var copied = await dataCopy.CopyClaimsAsync(m, claims, ct);
                return StepOutcome.Done(copied);
            case MigrationPlaybook.GitOpsWithDatabaseDump:
                var moved = await databaseMove.MoveAsync(m, ct);
                return moved.Length == 0
                    ? StepOutcome.Skipped("No PostgreSQL, MySQL or MariaDB database found in the application: nothing to dump; GitOps and the applied manifests bring it up on the target.")
                    : StepOutcome.Done(moved);
            case MigrationPlaybook.GitOpsRedeploy:
                return StepOutcome.Skipped("Nothing but configuration to move: GitOps and the applied manifests bring the application up on the target.");
            default:
                throw new StepFailedException($"{m.App.Playbook.Title()} cannot move data automatically yet.");
        }
    }
}
