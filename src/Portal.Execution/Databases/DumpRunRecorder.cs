using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Security;
using Portal.Domain.Databases;
using Portal.Databases.Messages;

namespace Portal.Execution.Databases;

/// <summary>One run seen on a cluster: its name (Job or Backup), when it started, and how its end reads.</summary>
internal sealed record DumpRunObservation(string Name, DateTimeOffset? StartedAt, Action<DumpArtifact, DateTimeOffset> Read);

/// <summary>The artifacts of the observed runs (in their order), and whether this call changed any.</summary>
internal sealed record DumpRecording(IReadOnlyList<DumpArtifact> Artifacts, bool Changed);

/// <summary>
/// Turns the runs of a schedule into its artifacts, shared by the executors ("dump now", recovery points) and the
/// tracker (the CronJob's own runs). Idempotent on (cluster, Job name): an unknown run gets a Running artifact, a run
/// that ended completes it once, and a finished artifact is never touched again — so the executor and the tracker may
/// both see a run, in any order, any number of times. Pages hear of every change.
/// </summary>
internal sealed class DumpRunRecorder(IPortalDbContextFactory factory, TimeProvider time, IDatabaseActivityNotifier notifier,
    ILogger<DumpRunRecorder> log)
{
    public async Task<DumpArtifact> RecordJobAsync(DumpSchedule schedule, JobRunStatus run, DumpTrigger trigger, Guid? requestId, CancellationToken ct) =>
        (await RecordJobsAsync(schedule, [run], trigger, requestId, ct)).Artifacts[0];

    public Task<DumpRecording> RecordJobsAsync(DumpSchedule schedule, IReadOnlyList<JobRunStatus> runs, DumpTrigger trigger, Guid? requestId,
        CancellationToken ct) =>
        RecordAsync(schedule, runs.Select(r => new DumpRunObservation(r.Name, r.StartedAt, (a, now) => DumpRunReading.Apply(a, r, now))).ToList(),
            trigger, requestId, ct);

    public async Task<DumpArtifact> RecordBackupAsync(DumpSchedule schedule, string name, CnpgBackupStatus status, DumpTrigger trigger, Guid? requestId,
        CancellationToken ct) =>
        (await RecordBackupsAsync(schedule, [(name, status)], trigger, requestId, ct)).Artifacts[0];

    public Task<DumpRecording> RecordBackupsAsync(DumpSchedule schedule, IReadOnlyList<(string Name, CnpgBackupStatus Status)> backups,
        DumpTrigger trigger, Guid? requestId, CancellationToken ct) =>
        RecordAsync(schedule, backups.Select(b => new DumpRunObservation(b.Name, b.Status.StartedAt,
            (a, now) => DumpRunReading.Apply(a, b.Status, b.Name, now))).ToList(), trigger, requestId, ct);

    /// <summary>The artifact of a run, if it was recorded.</summary>
    public async Task<DumpArtifact?> FindAsync(Guid clusterId, string runName, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        return await db.DumpArtifacts.AsNoTracking().FirstOrDefaultAsync(a => a.ClusterId == clusterId && a.JobName == runName, ct);
    }

    private async Task<DumpRecording> RecordAsync(DumpSchedule schedule, IReadOnlyList<DumpRunObservation> runs, DumpTrigger trigger, Guid? requestId,
        CancellationToken ct)
    {
        if (runs.Count == 0) return new DumpRecording([], false);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
            var names = runs.Select(r => r.Name).ToList();
            var known = await db.DumpArtifacts.Where(a => a.ClusterId == schedule.ClusterId && names.Contains(a.JobName)).ToListAsync(ct);
            var now = time.GetUtcNow();
            var changed = false;
            var artifacts = new List<DumpArtifact>(runs.Count);
            foreach (var run in runs)
            {
                var artifact = known.FirstOrDefault(a => a.JobName == run.Name);
                if (artifact is null)
                {
                    artifact = new DumpArtifact(schedule, run.Name, trigger, run.StartedAt ?? now, requestId);
                    db.DumpArtifacts.Add(artifact);
                    changed = true;
                }

                var before = artifact.Status;
                run.Read(artifact, now);
                changed |= artifact.Status != before;
                artifacts.Add(artifact);
            }

            if (!changed) return new DumpRecording(artifacts, false);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (attempt == 1)
            {
                // Someone else (the tracker, or another replica's executor) recorded one of these runs meanwhile:
                // read again, and the row they wrote is found and completed instead of added twice.
                log.LogDebug(ex, "A run of schedule {Schedule} was recorded concurrently; reading again", schedule.Id);
                continue;
            }

            notifier.Notify(new DatabaseActivityChange(schedule.TenantId, schedule.DatabaseTargetId));
            return new DumpRecording(artifacts, true);
        }
    }
}
