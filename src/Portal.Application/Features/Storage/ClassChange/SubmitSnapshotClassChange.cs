using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Storage.ClassChange;

/// <param name="Confirmed">The caller saw what depends on the change (<see cref="PreviewSnapshotClassChange"/>) and confirmed.</param>
public sealed record SubmitSnapshotClassChangeCommand(Guid ClusterId, string SnapshotClassName, SnapshotClassChangeKind Change, bool Confirmed,
    string? Reason);

/// <summary>A storage administrator asks for a snapshot class to be the one Velero uses, or the default, for its driver. A
/// platform engineer other than the requester approves; the executor checks the class again before it writes.</summary>
public sealed class SubmitSnapshotClassChange(UseCaseServices s, IExecutionSignal signal, IStorageInventoryGateway gateway,
    ClusterConnections connections) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(SubmitSnapshotClassChangeCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(SubmitSnapshotClassChange));
        var caller = await s.AccessAsync(ct);
        if (!caller.Can(Permission.ChangeSnapshotClasses, null, cmd.ClusterId))
            return caller.Refuse("Only a storage administrator of this cluster may change its snapshot classes.");
        if (KubernetesName.ExplainInvalidSubdomain(cmd.SnapshotClassName ?? "", "snapshot class name") is { } invalid) return Error.Validation(invalid);
        if (!cmd.Confirmed) return Error.Validation("Confirm the change after reading what depends on it.");
        await using var db = await s.OpenAsync(caller, ct);
        var cluster = (await StorageScope.ClustersAsync(caller, db, cmd.ClusterId, ct)).FirstOrDefault();
        if (cluster is null) return Error.NotFound("The cluster");
        IReadOnlyList<SnapshotClassInfo> classes;
        try
        {
            classes = await gateway.ListSnapshotClassesAsync(connections.For(cluster), ct);
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
        }

        var target = classes.FirstOrDefault(c => c.Name == cmd.SnapshotClassName);
        if (target is null) return Error.Validation($"There is no VolumeSnapshotClass {cmd.SnapshotClassName} on {cluster.Name}.");
        if (SnapshotClassChanges.AlreadyDone(target, classes, cmd.Change))
            return Error.Validation($"Nothing to change: {SnapshotClassChanges.Describe(cmd.Change, target.Name, target.Driver)} already.");

        OperationRequest request;
        try
        {
            request = OperationRequest.ForSnapshot(RequestKind.SnapshotClassChange, Guid.Empty, cluster.Id, ClusterConnections.VeleroNamespaceOf(cluster),
                SnapshotClassChanges.AsAsked(target, classes, cmd.Change), caller.Principal.UserId, caller.Principal.DisplayName,
                string.IsNullOrWhiteSpace(cmd.Reason) ? null : cmd.Reason.Trim(), s.Now);
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }

        if (await RequestSubmission.SubmitAsync(db, caller, request, s, ct) is { } asked) return asked;
        db.Audit(caller, s.Now, "storage.snapshot-class-change.asked", "volumesnapshotclass", $"{cluster.Name}/{target.Name}",
            $"Asked that {SnapshotClassChanges.Describe(cmd.Change, target.Name, target.Driver)} on {cluster.Name}");
        if (await RequestSubmission.SaveAsync(db, request, s, ct) is { } raced) return raced;
        if (request.Status == RequestStatus.Queued) signal.RequestQueued();
        s.Notifier.Notify(RequestChange.Of(request));
        return request.Id;
    }
}
