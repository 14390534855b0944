using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Requests;
using Portal.Databases.Messages;

namespace Portal.Execution.Databases;

/// <summary>Follows one CloudNativePG Backup to its end by reading it every <see cref="DatabaseDumpOptions.OperatorPollInterval"/>
/// (the request's heartbeat keeps the lease meanwhile), writing each phase to the request.</summary>
internal sealed class OperatorBackupFollower(IDatabaseWorkloadGateway gateway, IOptions<DatabaseDumpOptions> options, TimeProvider time)
{
    public async Task<CnpgBackupStatus> FollowAsync(RequestRun run, string @namespace, string name, CancellationToken ct)
    {
        var lastPhase = run.Request.Phase;
        while (true)
        {
            var backup = await gateway.GetCnpgBackupAsync(run.Connection, @namespace, name, ct)
                ?? throw new ClusterAccessException(ClusterFault.NotFound,
                    $"The CloudNativePG Backup {name} was deleted from {@namespace} on {run.Cluster.Name} while the portal was waiting for it.");
            var status = CnpgBackupStatus.Parse(backup);
            var phase = status.RawPhase ?? "new";
            if (phase != lastPhase)
            {
                await run.UpdateAsync((r, now) => r.RecordProgress(phase, null, null, 0, status.Failed ? 1 : 0, now), RequestEventKind.Phase,
                    $"CloudNativePG Backup {name}: {phase}", status.Error, ct);
                lastPhase = phase;
            }

            if (status.Finished) return status;
            if (Created(backup) is { } created && time.GetUtcNow() - created > options.Value.OperatorBackupDeadline)
                return status with
                {
                    Phase = CnpgBackupPhase.Failed,
                    Error = $"CloudNativePG has not finished Backup {name} {options.Value.OperatorBackupDeadline.TotalHours:0.#} h after it was made "
                        + $"(it is {phase}{(status.Error is { Length: > 0 } e ? ": " + e : "")}); check the Cluster's backup configuration and WAL archiving.",
                };
            await Task.Delay(options.Value.OperatorPollInterval, time, ct);
        }
    }

    private static DateTimeOffset? Created(JsonObject backup) =>
        backup["metadata"]?["creationTimestamp"] is JsonValue v && v.TryGetValue<string>(out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;
}
