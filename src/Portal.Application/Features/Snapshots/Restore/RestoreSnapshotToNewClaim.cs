using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Telemetry;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;

namespace Portal.Application.Features.Snapshots.Restore;

/// <param name="Size">The new claim's size; null for the snapshot's restore size.</param>
public sealed record RestoreSnapshotToNewClaimCommand(Guid TenantNamespaceId, string SnapshotName, string NewClaimName, string? Size, string? Reason);

/// <summary>Restore a snapshot into a new claim of its namespace, as a request through the one pipeline (no approval by
/// default: nothing existing is touched). Checked against the cluster now and again by the executor.</summary>
public sealed class RestoreSnapshotToNewClaim(UseCaseServices s, IExecutionSignal signal, ISnapshotClusterGateway snapshots,
    IClaimRestoreGateway claims, ClusterConnections connections) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(RestoreSnapshotToNewClaimCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(RestoreSnapshotToNewClaim));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == cmd.TenantNamespaceId, ct);
        if (ns is null || !caller.Can(Permission.ViewTenant, ns.TenantId, ns.ClusterId)) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.TakeSnapshots, ns.TenantId, ns.ClusterId))
            return caller.Refuse($"You may not restore snapshots in {ns.Namespace}.");
        var name = cmd.NewClaimName?.Trim() ?? "";
        if (KubernetesName.ExplainInvalidSubdomain(name, "new claim name") is { } badName) return Error.Validation(badName) with { Field = "name" };
        var size = string.IsNullOrWhiteSpace(cmd.Size) ? null : cmd.Size.Trim();
        if (size is not null && !StorageSize.TryParse(size, out _)) return Error.Validation($"Give a size such as 10Gi or 500Mi (not \"{size}\").") with { Field = "size" };
        var p = new SnapshotRestoreParameters(cmd.SnapshotName?.Trim() ?? "", name, size);

        var cluster = await db.Clusters.AsNoTracking().FirstAsync(c => c.Id == ns.ClusterId, ct);
        try
        {
            var (problem, _) = await ClaimRestoreChecks.RestoreAsync(snapshots, claims, connections.For(cluster), ns.Namespace, p, ct);
            if (problem is not null) return Error.Validation(problem.Message) with { Field = problem.Field };
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
        }

        OperationRequest request;
        try
        {
            request = OperationRequest.ForSnapshot(RequestKind.SnapshotRestore, ns.TenantId, ns.ClusterId, ns.Namespace, p,
                caller.Principal.UserId, caller.Principal.DisplayName, cmd.Reason?.Trim(), s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }
        if (await RequestSubmission.SubmitAsync(db, caller, request, s, ct) is { } asked) return asked;
        if (await RequestSubmission.SaveAsync(db, request, s, ct) is { } raced) return raced;
        if (request.Status == RequestStatus.Queued) signal.RequestQueued();
        s.Notifier.Notify(RequestChange.Of(request));
        return request.Id;
    }
}
