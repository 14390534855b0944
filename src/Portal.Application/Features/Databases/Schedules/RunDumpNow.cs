using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Databases.Schedules;

public sealed record RunDumpNowCommand(Guid ScheduleId, string? Reason = null);

/// <summary>"Dump now": one run of a schedule, as a Job with the schedule's own pod (or a CloudNativePG Backup),
/// followed by the executor until the artifact is recorded.</summary>
public sealed class RunDumpNow(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(RunDumpNowCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(RunDumpNow));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await ScheduleLookup.ForManagerAsync(db, caller, cmd.ScheduleId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (schedule, database) = found.Value;
        if (schedule.IsRemoved) return Error.Validation($"The schedule {schedule.Name} has been removed; create a new one to dump.");

        var submitted = await DatabaseRequests.SubmitAsync(db, caller, s, RequestKind.DatabaseDump, database, schedule.Namespace,
            new DatabaseDumpParameters(database.Target.Id, schedule.Id), cmd.Reason ?? $"Dump now ({schedule.Name})", ct);
        if (!submitted.IsSuccess) return submitted.Error!;
        var request = submitted.Value!;
        if (await DatabaseRequests.SaveAsync(db, request, s, ct) is { } raced) return raced;
        await DatabaseRequests.AnnounceAsync(s, signal, request);
        return request.Id;
    }
}
