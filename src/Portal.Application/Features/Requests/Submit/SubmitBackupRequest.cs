using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Requests.Submit;

public sealed record SubmitBackupRequestCommand(Guid TenantNamespaceId, int TtlHours, VolumeBackupMode VolumeMode,
    string? StorageLocation, string? Reason);

/// <summary>An application owner asks for a Velero backup of a namespace their tenant owns.</summary>
public sealed class SubmitBackupRequest(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public const int MaxTtlHours = 24 * 365 * 7;

    public async Task<Result<Guid>> HandleAsync(SubmitBackupRequestCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(SubmitBackupRequest));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var ns = await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.Id == cmd.TenantNamespaceId, ct);
        if (ns is null) return Error.NotFound("The namespace");
        if (!caller.Can(Permission.RequestBackup, ns.TenantId, ns.ClusterId))
            return caller.Refuse($"You may not request backups of {ns.Namespace}.");
        if (cmd.TtlHours is < 1 or > MaxTtlHours)
            return Error.Validation($"Keep the backup between 1 hour and {MaxTtlHours / 24 / 365} years (you asked for {cmd.TtlHours} hours).");
        var location = string.IsNullOrWhiteSpace(cmd.StorageLocation) ? null : cmd.StorageLocation.Trim();
        if (location is not null && KubernetesName.ExplainInvalidLabel(location, "storage location") is { } why)
            return Error.Validation(why);

        var request = OperationRequest.ForBackup(ns.TenantId, ns.ClusterId, ns.Namespace,
            new BackupParameters(TimeSpan.FromHours(cmd.TtlHours), cmd.VolumeMode, location),
            caller.Principal.UserId, caller.Principal.DisplayName, cmd.Reason?.Trim(), s.Now);
        if (await RequestSubmission.SubmitAsync(db, caller, request, s, ct) is { } asked) return asked;
        if (await RequestSubmission.SaveAsync(db, request, s, ct) is { } raced) return raced;

        if (request.Status == RequestStatus.Queued) signal.RequestQueued();
        s.Notifier.Notify(RequestChange.Of(request));
        return request.Id;
    }
}
