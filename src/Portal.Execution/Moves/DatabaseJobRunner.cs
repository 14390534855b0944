using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Databases.Messages;
using Portal.Domain.Moves;

namespace Portal.Execution.Moves;

/// <summary>Runs one dump or restore Job of a database move: creates it unless it is there (<see cref="ScratchObjects"/>),
/// then follows it on the Job watch (<see cref="JobWaiter"/>) for at most <see cref="MigrationOptions.DataCopyTimeout"/>.</summary>
internal sealed class DatabaseJobRunner(ScratchObjects scratch, JobWaiter jobs, IOptions<MigrationOptions> options)
{
    /// <param name="what">"The dump of StatefulSet shop-pg": how the failure and the time limit name it.</param>
    /// <returns>The Job's termination message when it succeeded.</returns>
    public async Task<string?> RunAsync(MigrationRun m, bool onSource, ObjectReference job, JsonObject manifest, string what, CancellationToken ct)
    {
        await scratch.EnsureAsync(m, onSource, job, manifest, ct);
        var cluster = onSource ? m.Source : m.Target;
        var (ns, name) = (job.Namespace!, job.Name);
        JobRunStatus run;
        try
        {
            run = await MigrationRun.On(cluster, () => jobs.UntilFinishedAsync(cluster, ns, name, options.Value.DataCopyTimeout, null, ct));
        }
        catch (MigrationClusterException e) when (e.Fault.Fault == ClusterFault.NotFound)
        {
            throw new StepFailedException($"{what}: Job {ns}/{name} on {cluster.ClusterName} disappeared before it finished.");
        }
        catch (ClusterWaitTimeoutException e)
        {
            throw new ClusterWaitTimeoutException($"{what} did not finish within {Durations.Words(options.Value.DataCopyTimeout)} (Job {ns}/{name} on {cluster.ClusterName}): {e.NotReady[0].Reason}.", e.NotReady);
        }
        if (run.Succeeded) return run.TerminationMessage;
        var words = DumpArtifactMessage.Parse(run.TerminationMessage) is DumpArtifactMessage.Failed f && f.Error.Length > 0
            ? f.Error
            : run.FailureReason ?? "the Job failed without a message";
        throw new StepFailedException($"{what} failed (Job {ns}/{name} on {cluster.ClusterName}): {words}");
    }
}
