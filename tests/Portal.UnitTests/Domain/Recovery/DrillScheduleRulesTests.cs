using Portal.Application.Features.Schedules;
using Portal.Domain.Common;
using Portal.Domain.Recovery;

namespace Portal.UnitTests.Domain.Recovery;

public class DrillScheduleRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ran_MovesNextDuePastNow_SoMissedRunsAreMadeUpOnce()
    {
        var s = DrillSchedule.ForNamespace(Guid.NewGuid(), Guid.NewGuid(), "shop", new DrillScheduleSettings("0 * * * *", "Etc/UTC", null, [], null),
            "Sam", T0.AddHours(1), T0);
        // The portal was down for five hours: five runs were missed; the scheduler runs once and the next is after now.
        var now = T0.AddHours(6).AddMinutes(10);
        var next = PreviewSchedule.Preview(s.Cron, s.TimeZone, 1, now).Value!.NextRuns[0];
        s.Ran(now, next);
        Assert.Equal(T0.AddHours(7), s.NextDueAt);
        Assert.Equal(now, s.LastRunAt);
        Assert.Throws<DomainException>(() => s.Ran(now, now));
    }

    [Fact]
    public void Settings_AreChecked()
    {
        Assert.NotNull(new DrillScheduleSettings(" ", "Etc/UTC", null, [], null).Problem());
        Assert.NotNull(new DrillScheduleSettings("0 * * * *", "Etc/UTC", null, [], TimeSpan.Zero).Problem());
        Assert.NotNull(new DrillScheduleSettings("0 * * * *", "Etc/UTC", null, [new DrillCheck(DrillCheckKind.HttpGet, "web")], null).Problem());
        Assert.Null(new DrillScheduleSettings("0 * * * *", "Etc/UTC", null, [new DrillCheck(DrillCheckKind.HttpGet, "web", 80, "/", 200)], null).Problem());
        Assert.Throws<DomainException>(() => DrillSchedule.ForNamespace(Guid.Empty, Guid.NewGuid(), "shop",
            new DrillScheduleSettings("0 * * * *", "Etc/UTC", null, [], null), "Sam", T0, T0));
    }

    [Fact]
    public void ForPolicy_BelongsToNoTenant()
    {
        var s = DrillSchedule.ForPolicy(Guid.NewGuid(), new DrillScheduleSettings("0 3 * * *", "Europe/Berlin", null, [], null), "Priya", T0.AddDays(1), T0);
        Assert.Equal(Guid.Empty, s.TenantId);
        Assert.True(s.IsForPolicy);
    }
}
