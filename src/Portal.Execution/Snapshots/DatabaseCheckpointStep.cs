using System.Globalization;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Requests;
using Portal.Application.Features.Snapshots;
using Portal.Databases;
using Portal.Databases.Jobs;
using Portal.Databases.Messages;
using Portal.Domain.Common;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Execution.Databases;

namespace Portal.Execution.Snapshots;

/// <summary>
/// "Database checkpoint" consistency: checks again that the database is registered in the snapshot's namespace with an engine
/// the portal checkpoints and that its credentials Secret is there, then runs its statement (<see cref="DatabaseCheckpoints"/>)
/// by a Job in the namespace and waits for it. The Job's name is recorded before it is made, so a run after a restart follows
/// that Job (or makes it again when it expired) instead of starting a second one; the end is recorded before any snapshot.
/// </summary>
internal sealed class DatabaseCheckpointStep(IDatabaseWorkloadGateway jobs, JobWaiter waiter)
{
    /// <summary>How long the executor waits for the Job (a little longer than the Job's own deadline).</summary>
    internal static TimeSpan Limit { get; set; } = TimeSpan.FromSeconds(CheckpointJobs.DeadlineSeconds + 60);

    /// <returns>The state with the checkpoint recorded; or the failure in words (then nothing may be snapshotted).</returns>
    public async Task<(SnapshotRunState State, string? Failure)> RunAsync(RequestRun run, Guid databaseId, SnapshotRunState state, CancellationToken ct)
    {
        var request = run.Request;
        var ns = request.Namespace;
        DatabaseTarget? target;
        string? problem;
        await using (var db = await run.OpenDbAsync(ct))
            (target, problem) = await SnapshotCheckpoint.FindAsync(db, request.TenantId, request.ClusterId, ns, databaseId, ct);
        if (target is null) return (state, $"Checked again before the checkpoint: {problem}");
        if (await DatabaseRecheck.CredentialsAsync(run, jobs, target, "", ct) is { } credentials) return (state, credentials.Trim());
        var image = ClientImagePolicy.For(target.Engine, target.ServerMajorVersion?.ToString(CultureInfo.InvariantCulture)
            ?? (target.Engine == DatabaseEngine.PostgreSql ? "16" : "8.0"));
        if (!image.IsAllowed) return (state, image.Refusal!);

        var statement = target.Engine.Statement()!;
        var name = state.CheckpointJob ?? CheckpointJobs.JobName(request.Id);
        var exists = false;
        if (state.CheckpointJob is null)
        {
            state = state with { CheckpointJob = name };
            await SaveAsync(run, state, $"Running {statement} on {target.Name} ({target.Engine.Display()}) by Job {name} before the snapshot", ct);
        }
        else
        {
            exists = (await jobs.ListJobRunsAsync(run.Connection, ns, $"{PortalLabels.RequestId}={request.Id}", ct)).Any(j => j.Name == name);
            await run.EventAsync(RequestEventKind.Step, exists
                ? $"Following checkpoint Job {name}, started by an earlier run"
                : $"Checkpoint Job {name} of an earlier run is gone; running {statement} on {target.Name} again", ct: ct);
        }

        if (!exists)
        {
            var job = CheckpointJobs.Job(new DrillDatabase(target.Engine, target.ServiceName, target.Port, target.Credentials, image.Image!),
                target.DatabaseNames.FirstOrDefault(), ns, name, ObjectNaming.Labels(request, run.Tenant.Slug));
            await jobs.ApplyAsync(run.Connection, job, PortalLabels.RequestId, ct);
        }

        JobRunStatus status;
        try
        {
            status = await waiter.UntilFinishedAsync(run.Connection, ns, name, Limit, null, ct);
        }
        catch (ClusterWaitTimeoutException e)
        {
            return (state, $"{statement} on {target.Name} did not finish: {e.Message}");
        }

        var message = CheckpointMessage.Parse(status.TerminationMessage);
        if (status.Succeeded && message is not CheckpointMessage.Failed)
        {
            var took = message is CheckpointMessage.Succeeded s ? TimeSpan.FromSeconds(s.DurationSeconds)
                : status.CompletedAt - status.StartedAt ?? TimeSpan.Zero;
            state = state with { CheckpointedAt = run.Now };
            await SaveAsync(run, state, $"{statement} ran on {target.Name} in {Durations.Words(took)} (Job {name}); taking the snapshot now", ct);
            return (state, null);
        }
        return (state, Failure(target, statement, name, status, message));
    }

    /// <summary>The failed checkpoint in words: a refused privilege says which one the database's user needs.</summary>
    internal static string Failure(DatabaseTarget target, string statement, string job, JobRunStatus status, CheckpointMessage message)
    {
        var said = message is CheckpointMessage.Failed f && !string.IsNullOrWhiteSpace(f.Error) ? f.Error.Trim() : status.FailureReason ?? "no error given";
        var user = target.Credentials.Username ?? $"the user of Secret {target.Credentials.SecretName}";
        var refused = said.Contains("permission denied", StringComparison.OrdinalIgnoreCase) || said.Contains("must be superuser", StringComparison.OrdinalIgnoreCase)
            || said.Contains("pg_checkpoint", StringComparison.Ordinal) || said.Contains("Access denied", StringComparison.OrdinalIgnoreCase)
            || said.Contains("RELOAD", StringComparison.Ordinal);
        var why = !refused ? ""
            : target.Engine == DatabaseEngine.PostgreSql
                ? $" {user} may not run CHECKPOINT: PostgreSQL allows it to superusers and, from version 15, to members of the role pg_checkpoint (GRANT pg_checkpoint TO the user)."
                : $" {user} may not flush: FLUSH TABLES and FLUSH LOGS need the RELOAD privilege (GRANT RELOAD ON *.* TO the user).";
        return $"{statement} failed on {target.Name} (Job {job}).{why} The database said: {said}";
    }

    private static Task SaveAsync(RequestRun run, SnapshotRunState state, string title, CancellationToken ct) =>
        run.UpdateAsync((r, now) => r.RecordResult(state.Write(), now), RequestEventKind.Step, title, ct: ct);
}
