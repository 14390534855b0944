using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Features.Recovery.Drills;
using Portal.Application.Security;

namespace Portal.Execution.Recovery;

/// <summary>Submits the drills of due drill schedules (<see cref="RunDueDrillSchedules"/>) as the portal itself. Every replica runs
/// it; a schedule is claimed under its version, so one replica submits each run.</summary>
internal sealed class DrillScheduler(IServiceScopeFactory scopes, IOptions<DrillOptions> options, TimeProvider time, ILogger<DrillScheduler> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ScheduleInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(scopes, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Running due drill schedules failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One round, as the portal's system user; the number of drills submitted.</summary>
    public static async Task<int> RunOnceAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<PrincipalOverride>().Principal = CurrentPrincipal.System with { DisplayName = RunDueDrillSchedules.Actor };
        var result = await scope.ServiceProvider.GetRequiredService<RunDueDrillSchedules>().HandleAsync(new RunDueDrillSchedulesCommand(), ct);
        return (result.IsSuccess ? result.Value : 0) + await RunSnapshotSchedulesOnceAsync(scopes, ct);
    }

    /// <summary>The same scheduler runs the snapshot schedules (CSI has no scheduler): one durable scheduler for the portal's
    /// own schedules, each claimed by its row's version. The number of snapshots submitted.</summary>
    public static async Task<int> RunSnapshotSchedulesOnceAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<PrincipalOverride>().Principal =
            CurrentPrincipal.System with { DisplayName = Application.Features.Snapshots.RunDueSnapshotSchedules.Actor };
        var result = await scope.ServiceProvider.GetRequiredService<Application.Features.Snapshots.RunDueSnapshotSchedules>()
            .HandleAsync(new Application.Features.Snapshots.RunDueSnapshotSchedulesCommand(), ct);
        return result.IsSuccess ? result.Value : 0;
    }
}
