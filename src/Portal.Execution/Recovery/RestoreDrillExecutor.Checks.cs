using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Databases;
using Portal.Databases.Jobs;
using Portal.Domain.Common;
using Portal.Domain.Databases;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;

namespace Portal.Execution.Recovery;

internal sealed partial class RestoreDrillExecutor
{
    /// <summary>Runs each check as a short-lived Job inside the scratch namespace, one after another, and says how each ended.</summary>
    private async Task<List<DrillCheckResult>> RunChecksAsync(RequestRun run, RestoreDrill drill, ClusterConnection conn,
        IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var results = new List<DrillCheckResult>();
        for (var i = 0; i < drill.Checks.Count; i++)
        {
            var check = drill.Checks[i];
            await StepAsync(run, drill.Id, $"Check {i + 1} of {drill.Checks.Count}: {check.Describe()}", ct);
            results.Add(await RunCheckAsync(drill, i, check, conn, labels, ct));
        }
        return results;
    }

    private async Task<DrillCheckResult> RunCheckAsync(RestoreDrill drill, int index, DrillCheck check, ClusterConnection conn,
        IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        var what = check.Describe();
        var name = DrillCheckJobs.JobName(drill.Id, index);
        System.Text.Json.Nodes.JsonObject job;
        if (check.Kind == DrillCheckKind.HttpGet)
        {
            job = DrillCheckJobs.Http(check, drill.ScratchNamespaceName, name, options.Value.HttpCheckImage, labels);
        }
        else
        {
            await using var db = await factory.CreateAsync(Application.Security.TenantScope.Everything, ct);
            var target = await db.DatabaseTargets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == check.DatabaseId, ct);
            if (target is null || target.ClusterId != drill.ClusterId || target.Namespace != drill.Namespace)
                return new DrillCheckResult(what, false, "the database is no longer registered in the namespace");
            var image = ClientImagePolicy.For(target.Engine, target.ServerMajorVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture)
                ?? (target.Engine == DatabaseEngine.PostgreSql ? "16" : "8.0"));
            if (!image.IsAllowed) return new DrillCheckResult(what, false, image.Refusal!);
            job = DrillCheckJobs.Sql(check, new DrillDatabase(target.Engine, target.ServiceName, target.Port, target.Credentials, image.Image!),
                drill.ScratchNamespaceName, name, labels);
        }
        await jobs.ApplyAsync(conn, job, PortalLabels.RequestId, ct);
        JobRunStatus status;
        try
        {
            status = await waiter.UntilFinishedAsync(conn, drill.ScratchNamespaceName, name, options.Value.CheckTimeout, null, ct);
        }
        catch (ClusterWaitTimeoutException)
        {
            return new DrillCheckResult(what, false, $"the check's Job did not finish within {Durations.Words(options.Value.CheckTimeout)}");
        }
        var (passed, detail) = Read(status.TerminationMessage);
        return new DrillCheckResult(what, status.Succeeded && passed != false,
            detail ?? (status.Succeeded ? "passed" : status.FailureReason ?? "the check's Job failed"));
    }

    /// <summary>The check Job's one line of JSON (<c>{"passed":..,"detail":".."}</c>); nulls when it left none.</summary>
    private static (bool? Passed, string? Detail) Read(string? message)
    {
        if (string.IsNullOrWhiteSpace(message)) return (null, null);
        try
        {
            using var doc = JsonDocument.Parse(message);
            var root = doc.RootElement;
            bool? passed = root.TryGetProperty("passed", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.GetBoolean() : null;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return (passed, string.IsNullOrWhiteSpace(detail) ? null : detail);
        }
        catch (JsonException)
        {
            return (null, message.Length > 300 ? message[..300] : message);
        }
    }
}
