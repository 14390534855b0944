using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Databases.Jobs;
using Portal.Databases.Messages;
using Portal.Domain.Moves;

namespace Portal.Execution.Moves;

/// <summary>Database move, step 1: each database not dumped yet is dumped on the source into the scratch claim by a Job
/// (read from the database as it is there now); the artifact and its checksum are recorded per database.</summary>
internal sealed class DatabaseDumpStep(IMigrationClusterGateway kube, ScratchObjects scratch, DatabaseJobRunner jobs, IOptions<MigrationOptions> options)
{
    public async Task RunAsync(MigrationRun m, CancellationToken ct)
    {
        if (!m.State.DatabaseDumps.Any(d => d.Artifact is null)) return;
        var srcNs = m.App.SourceNamespace;
        var claim = DatabaseJobSpecs.ScratchClaim(m);
        await scratch.EnsureAsync(m, onSource: true, new("v1", "PersistentVolumeClaim", srcNs, claim), DatabaseJobSpecs.Claim(m, claim, srcNs, options.Value.DatabaseScratchSizeGi), ct);
        foreach (var db in m.State.DatabaseDumps.Where(d => d.Artifact is null).ToList())
        {
            await DatabaseMove.ReportAsync(m, $"Dumping {db} on {m.SourceCluster.Name}", ct);
            var source = await m.OnSource(c => kube.GetAsync(c, db.ApiVersion, db.Kind, srcNs, db.Name, ct))
                ?? throw new StepFailedException($"{db} is not in {srcNs} on {m.SourceCluster.Name} any more; it cannot be dumped.");
            var conn = DatabaseJobSpecs.Connection(m, db, source);
            var workload = DatabaseJobSpecs.Workload(m, db, conn, DatabaseJobSpecs.DumpScript(db, conn), srcNs, claim, "dump");
            var runId = m.App.Id.ToString("N");
            var job = new ObjectReference("batch/v1", "Job", srcNs, DumpJobManifests.JobName(workload, runId, DatabaseJobKind.Dump));
            var message = await jobs.RunAsync(m, onSource: true, job, DumpJobManifests.Job(workload, runId), $"The dump of {db}", ct);
            if (DumpArtifactMessage.Parse(message) is not DumpArtifactMessage.Succeeded ok)
                throw new StepFailedException($"The dump of {db} finished but its result cannot be read: {message ?? "no termination message"}.");
            await m.SaveStateAsync(s => s with
            {
                DatabaseDumps = s.DatabaseDumps.Select(d => d == db ? d with { Artifact = ok.Artifact, Sha256 = ok.Sha256 } : d).ToList(),
            }, ct);
            await m.NoteAsync($"{db} dumped on {m.SourceCluster.Name}: {ok.Artifact} ({ok.SizeBytes} bytes, {ok.Tool}).", ct);
        }
    }
}
