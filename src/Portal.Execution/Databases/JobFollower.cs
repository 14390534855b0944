using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;

namespace Portal.Execution.Databases;

/// <summary>Follows one dump, restore or verification Job to its end (the gateway's watch, with its 410 and
/// reconnect handling), writing each change of state to the request's phase and timeline.</summary>
internal sealed class JobFollower(IDatabaseWorkloadGateway gateway)
{
    /// <param name="what">What the Job does, for the timeline: "Dump", "Restore", "Verification".</param>
    public async Task<JobRunStatus> FollowAsync(RequestRun run, string what, string @namespace, string name, CancellationToken ct)
    {
        var lastPhase = run.Request.Phase;
        JobRunStatus? last = null;
        await foreach (var status in gateway.WatchJobAsync(run.Connection, @namespace, name, ct))
        {
            last = status;
            var phase = Phase(status);
            if (phase == lastPhase) continue;
            await run.UpdateAsync((r, now) => r.RecordProgress(phase, null, null, 0, status.Failed ? 1 : 0, now), RequestEventKind.Phase,
                $"{what} Job {name}: {phase}", status.Failed ? status.FailureReason : null, ct);
            lastPhase = phase;
            if (status.IsFinished) break;
        }

        if (last is not { IsFinished: true })
            throw new ClusterAccessException(ClusterFault.Unreachable, $"The watch of Job {name} in {@namespace} ended before the Job finished.");
        return last;
    }

    private static string Phase(JobRunStatus s) =>
        s.Succeeded ? "Succeeded" : s.Failed ? "Failed" : s.StartedAt is null ? "Pending" : "Running";
}
