using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Access;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Databases.Schedules;

public sealed record CreateRecoveryPointCommand(Guid ScheduleId, int BackupTtlHours = 720, VolumeBackupMode VolumeMode = VolumeBackupMode.FileSystem,
    string? Reason = null);

/// <summary>A consistent recovery point of an application: the executor runs the schedule's dump first and, once it
/// succeeded, the Velero backup of the namespace (which then holds the dump's volume too). One request, both outcomes.</summary>
public sealed class CreateRecoveryPoint(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(CreateRecoveryPointCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(CreateRecoveryPoint));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await ScheduleLookup.ForManagerAsync(db, caller, cmd.ScheduleId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (schedule, database) = found.Value;
        if (!caller.Can(Permission.RequestBackup, schedule.TenantId, schedule.ClusterId))
            return caller.Refuse($"A recovery point includes a backup of {schedule.Namespace}, which you may not request.");
        if (schedule.IsRemoved) return Error.Validation($"The schedule {schedule.Name} has been removed.");
        if (schedule.Method != DumpMethod.NativeTool)
            return Error.Validation("A recovery point pairs a dump on a volume with the namespace's Velero backup; choose a pg_dump or mysqldump schedule.");
        if (cmd.BackupTtlHours is < 1 or > SubmitBackupRequest.MaxTtlHours)
            return Error.Validation($"Keep the backup between 1 hour and {SubmitBackupRequest.MaxTtlHours / 24 / 365} years.");

        var submitted = await DatabaseRequests.SubmitAsync(db, caller, s, RequestKind.RecoveryPoint, database, schedule.Namespace,
            new RecoveryPointParameters(database.Target.Id, schedule.Id, TimeSpan.FromHours(cmd.BackupTtlHours), cmd.VolumeMode),
            cmd.Reason ?? $"Recovery point of {database.Target.Name}", ct);
        if (!submitted.IsSuccess) return submitted.Error!;
        var request = submitted.Value!;
        if (await DatabaseRequests.SaveAsync(db, request, s, ct) is { } raced) return raced;
        await DatabaseRequests.AnnounceAsync(s, signal, request);
        return request.Id;
    }
}
