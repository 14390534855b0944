using System.Text.Json;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Requests;
using Portal.Application.Features.Snapshots.Restore;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Execution.Snapshots;

/// <summary>Restore a snapshot into a new claim: check again (namespace still the tenant's, snapshot still ready, its claim's class
/// of its driver, the name free, the size big enough), make the claim from the snapshot with the source claim's class and access
/// modes, and wait until it is bound. A second run finds the claim it made (by the request's label) and only waits.</summary>
internal sealed class SnapshotRestoreExecutor(ISnapshotClusterGateway snapshots, IClaimRestoreGateway claims, IOptions<SnapshotRestoreOptions> options)
    : IOperationExecutor
{
    private const string NothingMade = "No claim was made.";

    public RequestKind Kind => RequestKind.SnapshotRestore;

    public async Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct)
    {
        var p = run.Request.ParametersAs<SnapshotRestoreParameters>();
        var ns = run.Request.Namespace;
        var conn = run.Connection;
        var requestLabel = run.Request.Id.ToString();
        try
        {
            var existing = await claims.GetClaimAsync(conn, ns, p.NewClaimName, ct);
            if (existing is null || existing.Labels.GetValueOrDefault(PortalLabels.RequestId) != requestLabel)
            {
                if (await Recheck.StillTenantsAsync(run, ns, NothingMade, ct) is { } gone) return ExecutionOutcome.Failed(gone);
                var (problem, plan) = await ClaimRestoreChecks.RestoreAsync(snapshots, claims, conn, ns, p, ct);
                if (problem is not null) return ExecutionOutcome.Failed($"{problem.Message} {NothingMade}");
                var labels = new Dictionary<string, string>(ObjectNaming.Labels(run.Request, run.Tenant.Slug));
                var spec = new ClaimFromSnapshotSpec(ns, p.NewClaimName, plan!.Source.StorageClass, plan.Source.AccessModes, plan.Size, p.SnapshotName, labels);
                if (await claims.CreateClaimAsync(conn, spec, requestLabel, ct) == ClaimCreation.Taken)
                    return ExecutionOutcome.Failed($"A claim named {p.NewClaimName} was made in {ns} by someone else just now; the portal left it. {NothingMade}");
                await run.EventAsync(RequestEventKind.Step,
                    $"Claim {p.NewClaimName} made from snapshot {p.SnapshotName} ({plan.Size}, class {plan.Source.StorageClass ?? "default"}); waiting until it is bound", ct: ct);
            }

            var bound = await claims.WaitForClaimBoundAsync(conn, ns, p.NewClaimName, options.Value.BindTimeout, ct);
            var result = new SnapshotRestoreResult(p.NewClaimName, p.SnapshotName, bound.RequestedSize, bound.StorageClass, bound.VolumeName);
            await run.UpdateAsync((r, now) => r.RecordResult(JsonSerializer.Serialize(result, JsonSerializerOptions.Web), now),
                RequestEventKind.Step, $"Claim {p.NewClaimName} is bound to volume {bound.VolumeName}", ct: ct);
            return ExecutionOutcome.Succeeded();
        }
        catch (ClusterWaitTimeoutException ex)
        {
            return ExecutionOutcome.Failed($"{ex.Message} The claim is left as it is, for a look at its events.");
        }
    }
}

/// <summary>What a restore into a new claim made.</summary>
public sealed record SnapshotRestoreResult(string Claim, string Snapshot, string? Size, string? StorageClass, string? Volume);
