using Portal.Domain.Moves;
using Portal.Moves.Classification;
using ClassifiedEngine = Portal.Domain.Databases.DatabaseEngine;
using ToolEngine = Portal.Domain.Databases.DatabaseEngine;

namespace Portal.Execution.Moves;

/// <summary>
/// The "GitOps + database dump and restore" playbook's data move. The quiesce stopped the application but left its
/// databases running; then, one class per step: each database is dumped on the source into a scratch claim
/// (<see cref="DatabaseDumpStep"/>); the source database workloads are scaled down and the target's started and waited
/// for (<see cref="DatabaseSwitchStep"/>); the scratch claim is copied to the target with rsync (<see cref="DataCopy"/>);
/// each dump is restored there (<see cref="DatabaseRestoreStep"/>); and the scratch objects go (<see cref="CleanUpAsync"/>).
/// Every sub-step is recorded in the run state and every object has a deterministic name and is looked up before it is
/// created, so a second run continues where the first stopped.
/// </summary>
internal sealed class DatabaseMove(DatabaseDumpStep dump, DatabaseSwitchStep @switch, DataCopy dataCopy, DatabaseRestoreStep restore,
    ScratchObjects scratch, Microsoft.Extensions.Options.IOptions<MigrationOptions> options)
{
    /// <summary>The databases of the application, from its exported manifests (the classifier's detection).</summary>
    public static IReadOnlyList<DetectedDatabase> Detect(MigrationRun m) =>
        ApplicationClassifier.Classify(m.Manifests()).Databases
            .Where(d => d.Engine is ClassifiedEngine.PostgreSql or ClassifiedEngine.MySql or ClassifiedEngine.MariaDb)
            .ToList();

    /// <summary>Is this source workload one of the application's databases (left running by the quiesce)?</summary>
    public static bool IsDatabase(IReadOnlyList<DetectedDatabase> databases, string kind, string name) =>
        databases.Any(d => d.Object.Kind == kind && d.Object.Name == name);

    /// <summary>Checks, before anything is stopped, that every database can be dumped and restored by a Job: its
    /// credentials come from a Secret and a Service reaches it. Throws with every problem in words.</summary>
    public static void CheckReachable(MigrationRun m, IReadOnlyList<DetectedDatabase> databases)
    {
        var exported = m.Manifests();
        var problems = databases
            .Select(d => DatabaseAccessReader.Find(exported, d.Object.Kind, d.Object.Name) is { } manifest
                ? DatabaseAccessReader.Read(manifest, d.Engine, exported, m.App.SourceNamespace).Problem
                : null)
            .OfType<string>()
            .ToList();
        if (problems.Count > 0)
            throw new StepFailedException($"The databases cannot be moved by dump and restore, so nothing was scaled down: {string.Join(" ", problems)}");
    }

    public static string ScratchClaim(MigrationRun m) => DatabaseJobSpecs.ScratchClaim(m);

    public async Task<string> MoveAsync(MigrationRun m, CancellationToken ct)
    {
        if (m.State.DatabaseDumps.Count == 0)
        {
            var found = Detect(m).Select(d => new DatabaseDump(d.Object.ApiVersion, d.Object.Kind, d.Object.Name, d.Engine.ToString())).ToList();
            if (found.Count == 0) return "";
            await m.SaveStateAsync(s => s with { DatabaseDumps = found }, ct);
        }

        await dump.RunAsync(m, ct);
        await @switch.RunAsync(m, ct);
        if (!m.State.DumpsCopied)
        {
            // The dumps go to the target: a scratch claim of the same name there, filled with rsync.
            var claim = ScratchClaim(m);
            var tgtNs = m.App.TargetNamespace;
            await scratch.EnsureAsync(m, onSource: false, new("v1", "PersistentVolumeClaim", tgtNs, claim),
                DatabaseJobSpecs.Claim(m, claim, tgtNs, options.Value.DatabaseScratchSizeGi), ct);
            await dataCopy.CopyClaimsAsync(m, [claim], ct);
            await m.SaveStateAsync(s => s with { DumpsCopied = true }, ct);
        }
        await restore.RunAsync(m, ct);
        await CleanUpAsync(m, ct);
        return $"{m.State.DatabaseDumps.Count} database(s) dumped on {m.SourceCluster.Name} and restored on {m.TargetCluster.Name}: " +
               string.Join(", ", m.State.DatabaseDumps.Select(d => $"{d} ({Tools(d)})")) +
               "; the source databases are scaled down, the scratch claims and Jobs removed.";
    }

    private static string Tools(DatabaseDump d) =>
        d.Kind == "Cluster" ? "pg_dump/pg_restore" : d.Engine == nameof(ToolEngine.PostgreSql) ? "pg_dumpall/psql" : "mysqldump --all-databases/mysql";

    /// <summary>Removes the scratch objects of the move from both clusters: everything recorded on the source; on the
    /// target the scratch claim, the restore Jobs and what the rsync copy made (it removed those itself already).</summary>
    public async Task CleanUpAsync(MigrationRun m, CancellationToken ct)
    {
        foreach (var r in m.State.CreatedOnSource.Reverse().ToList())
            await scratch.RemoveAsync(m, onSource: true, r, ct);
        var scratchBase = $"{DatabaseJobSpecs.ScratchBase(m)}-";
        var onTarget = m.State.CreatedOnTarget.Where(r => r.Name == ScratchClaim(m) || r.Name.StartsWith("portal-rsync-", StringComparison.Ordinal)
            || r.Name.StartsWith(scratchBase, StringComparison.Ordinal)).Reverse().ToList();
        foreach (var r in onTarget)
            await scratch.RemoveAsync(m, onSource: false, r, ct);
    }

    internal static Task ReportAsync(MigrationRun m, string what, CancellationToken ct) =>
        m.SaveAsync((a, now) => a.ReportStep(MigrationStep.MoveData, what, now), null, null, ct);
}
