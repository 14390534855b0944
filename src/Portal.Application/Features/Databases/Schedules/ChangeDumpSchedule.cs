using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Domain.Common;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Application.Telemetry;

namespace Portal.Application.Features.Databases.Schedules;

public enum DumpScheduleChange { Suspend, Resume, Remove }

/// <param name="ConfirmName">For <see cref="DumpScheduleChange.Remove"/>: the schedule's name, typed to confirm.</param>
public sealed record ChangeDumpScheduleCommand(Guid ScheduleId, DumpScheduleChange Change, string? ConfirmName = null, string? Reason = null);

/// <summary>Suspends, resumes or removes a schedule; the executor carries the change to the cluster. Removing
/// deletes the CronJob (or ScheduledBackup) only: the dumps already written stay, and stay listed.</summary>
public sealed class ChangeDumpSchedule(UseCaseServices s, IExecutionSignal signal) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(ChangeDumpScheduleCommand cmd, CancellationToken ct = default)
    {
        using var activity = PortalTelemetry.StartUseCase(nameof(ChangeDumpSchedule));
        var caller = await s.AccessAsync(ct);
        await using var db = await s.OpenAsync(caller, ct);
        var found = await ScheduleLookup.ForManagerAsync(db, caller, cmd.ScheduleId, ct);
        if (!found.IsSuccess) return found.Error!;
        var (schedule, database) = found.Value;
        if (cmd.Change == DumpScheduleChange.Remove && (cmd.ConfirmName ?? "").Trim() != schedule.Name)
            return Error.Validation($"Type the schedule's name, {schedule.Name}, to confirm its removal.");
        try
        {
            switch (cmd.Change)
            {
                case DumpScheduleChange.Suspend: schedule.Suspend(true, s.Now); break;
                case DumpScheduleChange.Resume: schedule.Suspend(false, s.Now); break;
                default: schedule.BeginRemoval(s.Now); break;
            }
        }
        catch (DomainException ex)
        {
            return Error.Validation(ex.Message);
        }

        var action = cmd.Change == DumpScheduleChange.Remove ? DumpScheduleAction.Delete : DumpScheduleAction.Apply;
        var verb = cmd.Change switch { DumpScheduleChange.Suspend => "suspended", DumpScheduleChange.Resume => "resumed", _ => "removed" };
        var submitted = await DatabaseRequests.SubmitAsync(db, caller, s, RequestKind.DumpScheduleChange, database, schedule.Namespace,
            new DumpScheduleChangeParameters(database.Target.Id, schedule.Id, action), cmd.Reason ?? $"Schedule {schedule.Name} {verb}", ct);
        if (!submitted.IsSuccess) return submitted.Error!;
        var request = submitted.Value!;
        db.Audit(caller, s.Now, $"database.schedule.{verb}", "dump-schedule", schedule.Id.ToString(),
            $"Dump schedule {schedule.Name} of {database.Target.Name} {verb}", schedule.TenantId);
        if (await DatabaseRequests.SaveAsync(db, request, s, ct) is { } raced) return raced;
        await DatabaseRequests.AnnounceAsync(s, signal, request);
        return request.Id;
    }
}
