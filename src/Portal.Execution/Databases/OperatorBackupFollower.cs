using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;
using Portal.Databases.Messages;

namespace Portal.Execution.Databases;

/// <summary>Follows one CloudNativePG Backup to its end on the gateway's watch (<see cref="IDatabaseWorkloadGateway.WatchCnpgBackupAsync"/>),
/// writing each phase to the request; gives up <see cref="DatabaseDumpOptions.OperatorBackupDeadline"/> after the Backup was made
/// (counted on the injected <see cref="TimeProvider"/>), answering a failed status that says where it was stuck.</summary>
internal sealed class OperatorBackupFollower(IDatabaseWorkloadGateway gateway, IOptions<DatabaseDumpOptions> options, TimeProvider time)
{
    public async Task<CnpgBackupStatus> FollowAsync(RequestRun run, string @namespace, string name, CancellationToken ct)
    {
        var lastPhase = run.Request.Phase;
        return await FollowAsync(run.Connection, @namespace, name, async status =>
        {
            var phase = status.RawPhase ?? "new";
            if (phase == lastPhase) return;
            await run.UpdateAsync((r, now) => r.RecordProgress(phase, null, null, 0, status.Failed ? 1 : 0, now), RequestEventKind.Phase,
                $"CloudNativePG Backup {name}: {phase}", status.Error, ct);
            lastPhase = phase;
        }, ct);
    }

    /// <param name="onChange">Called with each status seen (the final one included).</param>
    internal async Task<CnpgBackupStatus> FollowAsync(ClusterConnection cluster, string @namespace, string name, Func<CnpgBackupStatus, Task> onChange,
        CancellationToken ct)
    {
        var deadline = options.Value.OperatorBackupDeadline;
        CnpgBackupStatus? last = null;
        using var expired = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, expired.Token);
        ITimer? timer = null;
        try
        {
            await foreach (var seen in gateway.WatchCnpgBackupAsync(cluster, @namespace, name, linked.Token))
            {
                last = seen.Status;
                await onChange(seen.Status);
                if (seen.Status.Finished) return seen.Status;
                if (timer is null && seen.CreatedAt is { } created)
                {
                    var left = created + deadline - time.GetUtcNow();
                    if (left <= TimeSpan.Zero) return TooLate(seen.Status, name, deadline);
                    timer = time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), expired, left, Timeout.InfiniteTimeSpan);
                }
            }
        }
        catch (OperationCanceledException) when (expired.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return TooLate(last!, name, deadline);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            throw new ClusterAccessException(ClusterFault.NotFound,
                $"The CloudNativePG Backup {name} was deleted from {@namespace} on {cluster.ClusterName} while the portal was waiting for it.", e);
        }
        finally
        {
            timer?.Dispose();
        }
        throw new ClusterAccessException(ClusterFault.Unreachable, $"The watch of CloudNativePG Backup {name} in {@namespace} ended before the operator finished it.");
    }

    private static CnpgBackupStatus TooLate(CnpgBackupStatus status, string name, TimeSpan deadline) => status with
    {
        Phase = CnpgBackupPhase.Failed,
        Error = $"CloudNativePG has not finished Backup {name} {deadline.TotalHours:0.#} h after it was made "
            + $"(it is {status.RawPhase ?? "new"}{(status.Error is { Length: > 0 } e ? ": " + e : "")}); check the Cluster's backup configuration and WAL archiving.",
    };
}
