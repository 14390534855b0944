using Portal.Databases.Jobs;
using Portal.Domain.Moves;
using Portal.Moves.Classification;

namespace Portal.Execution.Moves;

/// <summary>Database move, step 5: each dump not restored yet is restored on the target by a Job (psql, mysql, or
/// pg_restore over the operator's database), reaching the database as the export describes it.</summary>
internal sealed class DatabaseRestoreStep(DatabaseJobRunner jobs)
{
    public async Task RunAsync(MigrationRun m, CancellationToken ct)
    {
        var tgtNs = m.App.TargetNamespace;
        var claim = DatabaseJobSpecs.ScratchClaim(m);
        foreach (var db in m.State.DatabaseDumps.Where(d => !d.Restored).ToList())
        {
            await DatabaseMove.ReportAsync(m, $"Restoring {db} on {m.TargetCluster.Name}", ct);
            var manifest = DatabaseAccessReader.Find(m.Manifests(), db.Kind, db.Name)
                ?? throw new StepFailedException($"{db} is not among the exported objects; it cannot be restored.");
            var conn = DatabaseJobSpecs.Connection(m, db, manifest);
            var workload = DatabaseJobSpecs.Workload(m, db, conn, DatabaseJobSpecs.RestoreScript(db, conn), tgtNs, claim, "restore");
            var runId = m.App.Id.ToString("N");
            var job = new ObjectReference("batch/v1", "Job", tgtNs, DumpJobManifests.JobName(workload, runId, DatabaseJobKind.Restore));
            await jobs.RunAsync(m, onSource: false, job, DumpJobManifests.RestoreJob(workload, runId), $"The restore of {db}", ct);
            await m.SaveStateAsync(s => s with { DatabaseDumps = s.DatabaseDumps.Select(d => d == db ? d with { Restored = true } : d).ToList() }, ct);
        }
    }
}
