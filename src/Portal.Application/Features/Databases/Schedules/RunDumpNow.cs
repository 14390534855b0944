using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Databases.Schedules;

/// <param name="DatabaseId">The database the caller means (the API's address names it): the schedule must be one of its own.</param>
public sealed record RunDumpNowCommand(Guid ScheduleId, string? Reason = null, Guid? DatabaseId = null);

/// <summary>"Dump now": one run of a schedule, as a Job with the schedule's own pod (or a CloudNativePG Backup),
/// followed by the executor until the artifact is recorded.</summary>
public sealed class RunDumpNow(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(RunDumpNowCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(RunDumpNow));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        if (cmd.DatabaseId is { } databaseId && await DatabaseLookup.ForManagerAsync(db, caller, databaseId, ct) is { IsSuccess: false } named)
            return named.Error!;
        var found = await ScheduleLookup.ForManagerAsync(db, caller, cmd.ScheduleId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (schedule, database) = found.Value;
        // Another database's schedule is not run under this one's name (its dump would land on the other database's page).
        if (cmd.DatabaseId is { } meant && database.Target.Id != meant)
            return Error.Validation($"The schedule {schedule.Name} belongs to database {database.Target.Name}, not to this one; choose one of this database's schedules.")
                with { Field = "scheduleId" };
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
