using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Common;
using Portal.Application.Features.Recovery.Drills;
using Portal.Domain.Recovery;
using Portal.Execution.Recovery;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Recovery;

/// <summary>The drill scheduler on real PostgreSQL: a run missed while the portal was down is made up once, by one replica.</summary>
public class DrillSchedulerTests
{
    [Fact]
    public async Task Scheduler_AfterHoursOfDowntime_MakesUpTheMissedRunsOnce_OnOneReplicaOnly()
    {
        await using var d = await DrillWorld.CreateAsync();
        var other = await d.W.AddReplicaAsync("replica-b");
        d.W.Portal.Principal.Current = d.Sre;
        var schedule = MigrationWorld.Ok(await d.W.Portal.RunAsync<ChangeDrillSchedule, Result<DrillScheduleView>>(u =>
            u.HandleAsync(new ChangeDrillScheduleCommand(d.CatalogId, null, "*/10 * * * *", "Europe/Berlin"))));
        Assert.True(schedule.NextDueAt > DateTimeOffset.UtcNow);
        // The portal was down for five hours: thirty runs were due meanwhile.
        await using (var db = await d.W.Portal.OpenAllAsync())
            await db.DrillSchedules.Where(s => s.Id == schedule.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueAt, DateTimeOffset.UtcNow.AddHours(-5)));

        var submitted = await Task.WhenAll(
            DrillScheduler.RunOnceAsync(d.W.Portal.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None),
            DrillScheduler.RunOnceAsync(other.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None));
        var again = await DrillScheduler.RunOnceAsync(d.W.Portal.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None);

        Assert.Equal(1, submitted.Sum());
        Assert.Equal(0, again);
        await using var check = await d.W.Portal.OpenAllAsync();
        var drills = await check.RestoreDrills.AsNoTracking().Where(x => x.ScheduleId == schedule.Id).ToListAsync();
        var drill = Assert.Single(drills);
        Assert.Equal(DrillTrigger.Scheduled, drill.Trigger);
        var row = await check.DrillSchedules.AsNoTracking().FirstAsync(s => s.Id == schedule.Id);
        Assert.True(row.NextDueAt > DateTimeOffset.UtcNow, $"next run {row.NextDueAt} should be after now");
        Assert.True(row.NextDueAt <= DateTimeOffset.UtcNow.AddMinutes(10));
        var request = await check.Requests.AsNoTracking().FirstAsync(r => r.Id == drill.RequestId);
        Assert.Equal("system", request.RequestedById);
        var ran = await d.WaitAsync(drill.Id);
        Assert.True(ran.Status == DrillStatus.Passed, ran.Failure);
    }
}
