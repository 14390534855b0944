using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.Execution.Moves;

namespace Portal.UnitTests.Execution;

public class WaveDispatchRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);

    private static MigrationWave Wave(MigrationWaveStatus status, int limit = 2, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var plan = new MigrationPlan("p", null, Guid.NewGuid(), Guid.NewGuid(), "author", "Author", T0.AddDays(-1));
        var wave = new MigrationWave(plan.Id, 1, "Wave 1", notBefore ?? T0.AddMinutes(-5), notAfter ?? T0.AddHours(1), limit, T0.AddDays(-1));
        wave.Submit("author", "Author", T0.AddDays(-1));
        wave.Approve(plan, "approver", "Approver", null, T0.AddDays(-1));
        if (status == MigrationWaveStatus.Running) wave.MarkRunning(T0.AddMinutes(-1));
        return wave;
    }

    private static DispatchedApplication App(RequestStatus? request, bool started = false, bool ended = false, bool moved = false, bool rollback = false) =>
        new(Guid.NewGuid(), started, ended, moved, rollback, request);

    [Fact]
    public void ScheduledWave_StartsWhenItsWindowIsOpen_AndQueuesUpToTheLimit()
    {
        var apps = new[] { App(RequestStatus.Approved), App(RequestStatus.Approved), App(RequestStatus.Approved) };
        var d = WaveDispatchRules.Decide(Wave(MigrationWaveStatus.Scheduled, limit: 2), false, apps, T0);
        Assert.True(d.Start);
        Assert.Equal([apps[0].Id, apps[1].Id], d.Enqueue);
        Assert.Empty(d.Skip);
        Assert.Null(d.EndAllMoved);
    }

    [Fact]
    public void ScheduledWave_WaitsForItsWindow()
    {
        var d = WaveDispatchRules.Decide(Wave(MigrationWaveStatus.Scheduled, notBefore: T0.AddMinutes(10)), false, [App(RequestStatus.Approved)], T0);
        Assert.True(d.IsEmpty);
    }

    [Fact]
    public void ScheduledWave_WaitsWhileAnEarlierWaveOfThePlanIsUnderway()
    {
        var d = WaveDispatchRules.Decide(Wave(MigrationWaveStatus.Scheduled), earlierWaveUnderway: true, [App(RequestStatus.Approved)], T0);
        Assert.True(d.IsEmpty);
    }

    [Fact]
    public void RunningWave_CountsQueuedAndRunning_AgainstTheLimit()
    {
        var apps = new[] { App(RequestStatus.Running, started: true), App(RequestStatus.Queued), App(RequestStatus.Approved) };
        Assert.Empty(WaveDispatchRules.Decide(Wave(MigrationWaveStatus.Running, limit: 2), false, apps, T0).Enqueue);
        Assert.Equal([apps[2].Id], WaveDispatchRules.Decide(Wave(MigrationWaveStatus.Running, limit: 3), false, apps, T0).Enqueue);
    }

    [Fact]
    public void FinishedApplications_FreeTheirSlot()
    {
        var apps = new[] { App(RequestStatus.Succeeded, started: true, ended: true, moved: true), App(RequestStatus.Approved) };
        Assert.Equal([apps[1].Id], WaveDispatchRules.Decide(Wave(MigrationWaveStatus.Running, limit: 1), false, apps, T0).Enqueue);
    }

    [Fact]
    public void ApplicationsWithARollbackAsked_AreNotQueued()
    {
        var d = WaveDispatchRules.Decide(Wave(MigrationWaveStatus.Running), false, [App(RequestStatus.Approved, rollback: true)], T0);
        Assert.Empty(d.Enqueue);
    }

    [Fact]
    public void ClosedWindow_SkipsWhatHasNotStarted_LetsRunningOnesFinish_QueuesNothing()
    {
        var wave = Wave(MigrationWaveStatus.Running, notAfter: T0.AddMinutes(30));
        var apps = new[] { App(RequestStatus.Running, started: true), App(RequestStatus.Approved), App(RequestStatus.Queued) };
        var d = WaveDispatchRules.Decide(wave, false, apps, T0.AddMinutes(31));
        Assert.Equal([apps[1].Id, apps[2].Id], d.Skip);
        Assert.Empty(d.Enqueue);
        Assert.Null(d.EndAllMoved); // the running one has not ended
    }

    [Fact]
    public void ClosedWindow_OnAWaveThatNeverStarted_SkipsEverythingAndEndsIt()
    {
        var wave = Wave(MigrationWaveStatus.Scheduled, notAfter: T0.AddMinutes(30));
        var apps = new[] { App(RequestStatus.Approved), App(RequestStatus.Approved) };
        var d = WaveDispatchRules.Decide(wave, earlierWaveUnderway: true, apps, T0.AddMinutes(31));
        Assert.False(d.Start);
        Assert.Equal(2, d.Skip.Count);
        Assert.False(d.EndAllMoved);
    }

    [Fact]
    public void Wave_EndsWhenEveryApplicationHasEnded_CompletedOnlyWhenAllMoved()
    {
        var moved = App(RequestStatus.Succeeded, started: true, ended: true, moved: true);
        Assert.True(WaveDispatchRules.Decide(Wave(MigrationWaveStatus.Running), false, [moved, moved with { Id = Guid.NewGuid() }], T0).EndAllMoved);
        var failed = App(RequestStatus.Failed, started: true, ended: true);
        Assert.False(WaveDispatchRules.Decide(Wave(MigrationWaveStatus.Running), false, [moved, failed], T0).EndAllMoved);
    }

    [Fact]
    public void EndedWave_IsLeftAlone()
    {
        var wave = Wave(MigrationWaveStatus.Running);
        wave.MarkEnded(true, T0);
        Assert.True(WaveDispatchRules.Decide(wave, false, [App(RequestStatus.Approved)], T0).IsEmpty);
    }
}
