using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Requests;
using Portal.Databases.Jobs;
using Portal.Databases.Messages;
using Portal.Domain.Requests;

namespace Portal.Execution.Databases;

/// <summary>
/// Restores one dump into a database (a new one, or over an existing one: the two kinds share this executor, registered
/// once per kind), then — when asked — verifies it: a second Job counts the restored tables' rows and compares them with
/// the dump's table of contents. The restore's end is written to the request's result before the verification starts,
/// so a resumed request never restores twice, even after the restore Job has expired.
/// </summary>
internal sealed class DatabaseRestoreExecutor(RequestKind kind, IDatabaseWorkloadGateway gateway, JobFollower jobs) : IOperationExecutor
{
    public RequestKind Kind => kind;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var p = run.Request.ParametersAs<DatabaseRestoreParameters>();
        var (plan, missing) = await LoadAsync(run, p, ct);
        if (plan is null) return ExecutionOutcome.Failed(missing!);
        var labels = ObjectNaming.Labels(run.Request, run.Tenant.Slug);

        var restored = DatabaseRunResults.Read<DatabaseRestoreResult>(run.Request.ResultJson)?.Restore;
        if (restored is not { Status: "Succeeded" })
        {
            var workload = plan.Restore(labels);
            if (!workload.IsSuccess) return ExecutionOutcome.Failed(workload.Error!.Message);
            if (run.Request.ObjectName is null && await OwnershipProblemAsync(run, plan, ct) is { } notOurs) return ExecutionOutcome.Failed(notOurs);
            if (await MissingCredentialsAsync(run, plan, ct) is { } noCredentials) return ExecutionOutcome.Failed(noCredentials);
            if (run.Request.ObjectName is null && await ClusterProblemAsync(run, plan, ct) is { } changed) return ExecutionOutcome.Failed(changed);
            var overwriting = p.Overwrite ? $", replacing what {p.TargetDatabaseName} holds now" : "";
            var final = await RunJobAsync(run, DumpJobManifests.RestoreJob(workload.Value!, run.Request.Id.ToString("N")), "Restore",
                $"Restoring {plan.Artifact.Location} into database {p.TargetDatabaseName} of {plan.Target.Name}{overwriting}", ct);
            restored = new RestoreRunResult(final.Name, p.TargetDatabaseName, plan.Artifact.Location!, final.Succeeded ? "Succeeded" : "Failed",
                final.Succeeded ? null : ToolError(final));
            await RecordAsync(run, new DatabaseRestoreResult(restored, null), final.Succeeded
                ? $"{plan.Artifact.Location} is restored into {p.TargetDatabaseName}"
                : $"The restore into {p.TargetDatabaseName} failed", ct);
            if (!final.Succeeded)
                return ExecutionOutcome.Failed($"The restore of {plan.Artifact.Location} into {p.TargetDatabaseName} on {plan.Target.Name} failed: {restored.Error}");
        }

        return p.Verify ? await VerifyAsync(run, plan, restored, labels, ct) : ExecutionOutcome.Succeeded();
    }

    private async Task<ExecutionOutcome> VerifyAsync(RequestRun run, RestorePlan plan, RestoreRunResult restored,
        IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var db = restored.Database;
        var workload = plan.Verify(labels);
        if (!workload.IsSuccess) return ExecutionOutcome.PartiallyFailed($"{db} was restored, but it cannot be verified: {workload.Error!.Message}");
        var final = await RunJobAsync(run, DumpJobManifests.VerifyJob(workload.Value!, run.Request.Id.ToString("N")), "Verification",
            $"Verifying {db}: counting its tables' rows and comparing them with the dump", ct);
        if (!final.Succeeded)
            return ExecutionOutcome.PartiallyFailed($"{db} was restored, but its verification failed: {ToolError(final)}");
        if (VerificationReport.Parse(final.TerminationMessage) is not { } report)
            return ExecutionOutcome.PartiallyFailed($"{db} was restored, but the verification Job {final.Name} left no readable report; see its pod's log.");

        var verified = new VerificationResult(final.Name, report.Tables.Select(t => new VerifiedTableResult(t.Schema, t.Name, t.Rows)).ToList(),
            report.TableCount, report.TocTables, report.Missing, report.MissingCount, report.Truncated);
        await RecordAsync(run, new DatabaseRestoreResult(restored, verified),
            $"Verified {db}: {report.TableCount} table(s), {report.Tables.Sum(t => t.Rows)} row(s)"
            + (report.TocTables is { } toc ? $"; the dump lists {toc} table(s)" : "") + (report.MissingCount > 0 ? $", {report.MissingCount} missing" : ""), ct);
        if (report.MissingCount == 0) return ExecutionOutcome.Succeeded();
        var named = report.Missing.Count > 0 ? ": " + string.Join(", ", report.Missing.Take(10)) + (report.Missing.Count > 10 ? ", …" : "") : "";
        return ExecutionOutcome.PartiallyFailed(
            $"{db} was restored, but {report.MissingCount} table(s) of the dump are not in it{named}. The restore may have stopped part-way; see the restore Job's log.");
    }

    /// <summary>Creates the Job (or finds the one a previous attempt made: same name, same owner) and follows it to its end.</summary>
    private async Task<JobRunStatus> RunJobAsync(RequestRun run, System.Text.Json.Nodes.JsonObject job, string what, string title, CancellationToken ct)
    {
        var name = DumpWorkloads.NameOf(job);
        var ns = job["metadata"]!["namespace"]!.GetValue<string>();
        if (run.Request.ObjectName != name)
            await run.UpdateAsync((r, now) => r.RecordObject("batch/v1 Job", name, now), RequestEventKind.Step, title, $"Job {name} in {ns}", ct);
        await gateway.ApplyAsync(run.Connection, job, PortalLabels.RequestId, ct);
        return await jobs.FollowAsync(run, what, ns, name, ct);
    }

    /// <summary>A restore from S3 runs where the target is, and its pod reads the bucket's credentials there: a dump
    /// restored into another namespace needs the Secret copied. Null when it is there (or the dump is on a claim).</summary>
    private async Task<string?> MissingCredentialsAsync(RequestRun run, RestorePlan plan, CancellationToken ct)
    {
        if (plan.S3CredentialsSecret is not { } secret) return null;
        var ns = plan.Target.Namespace;
        var keys = await gateway.GetSecretKeysAsync(run.Connection, ns, secret, ct);
        string[] needed = [S3Credentials.AccessKeyIdKey, S3Credentials.SecretAccessKeyKey];
        return keys is not null && needed.All(keys.Keys.Contains) ? null
            : $"The restore runs in namespace {ns}, where there is no Secret {secret} holding {string.Join(" and ", needed)} for the dump's bucket. "
              + $"Copy the Secret into {ns} and ask again; nothing was restored.";
    }

    private const string NothingRestored = "Nothing was restored.";

    /// <summary>Before the restore Job is first made: the database restored into is still the tenant's, in a namespace still the tenant's.</summary>
    private static Task<string?> OwnershipProblemAsync(RequestRun run, RestorePlan plan, CancellationToken ct) =>
        DatabaseRecheck.OwnershipAsync(run, plan.Target, NothingRestored, ct);

    /// <summary>Before the restore Job is first made: the target's credentials Secret and the claim holding the dump are still there.
    /// (That a new database is still new, the restore script itself checks on the server, right before it creates it.)</summary>
    private async Task<string?> ClusterProblemAsync(RequestRun run, RestorePlan plan, CancellationToken ct) =>
        await DatabaseRecheck.CredentialsAsync(run, gateway, plan.Target, NothingRestored, ct)
        ?? (plan.S3CredentialsSecret is null ? await DatabaseRecheck.StorageAsync(run, gateway, plan.Source, plan.Target.Namespace, NothingRestored, ct) : null);

    /// <summary>The tool's own words from the pod (psql, pg_restore, mysql), else the Job's reason.</summary>
    private static string ToolError(JobRunStatus run) =>
        DumpArtifactMessage.Parse(run.TerminationMessage) is DumpArtifactMessage.Failed { Error.Length: > 0 } f
            ? f.Error
            : run.FailureReason ?? "the Job failed without a reason";

    private static Task RecordAsync(RequestRun run, DatabaseRestoreResult result, string title, CancellationToken ct) =>
        run.UpdateAsync((r, now) => r.RecordResult(DatabaseRunResults.Write(result), now), RequestEventKind.Step, title, ct: ct);

    private static async Task<(RestorePlan? Plan, string? Missing)> LoadAsync(RequestRun run, DatabaseRestoreParameters p, CancellationToken ct)
    {
        await using var db = await run.OpenDbAsync(ct);
        var artifact = await db.DumpArtifacts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == p.ArtifactId, ct);
        if (artifact is null) return (null, "The dump to restore is no longer recorded in the portal; nothing was restored.");
        var source = await db.DumpSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.Id == artifact.ScheduleId, ct);
        var sourceDatabase = await db.DatabaseTargets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == artifact.DatabaseTargetId, ct);
        if (source is null || sourceDatabase is null) return (null, "The schedule or database the dump came from is no longer registered; nothing was restored.");
        var target = await db.DatabaseTargets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == p.TargetDatabaseId, ct);
        if (target is null) return (null, "The database server to restore into is no longer registered in the portal; nothing was restored.");
        return (new RestorePlan(artifact, source, sourceDatabase, target, p), null);
    }
}
