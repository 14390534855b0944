using Portal.Application.Resilience;

namespace Portal.UnitTests.Execution.Resilience;

/// <summary>The numbers of every retry rule, the same as the hand-written formulas they replaced.</summary>
public class RetryRulesTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);

    [Fact]
    public void ClusterOutage_DoublesFromTheBase_CappedAtFiveMinutes()
    {
        var rule = RetryRules.ClusterOutage(5 * S);
        var delays = Enumerable.Range(0, 12).Select(n => rule.Delay(n).TotalSeconds);
        Assert.Equal([5, 10, 20, 40, 80, 160, 300, 300, 300, 300, 300, 300], delays);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(5_000)]
    [InlineData(60_000)]
    public void ClusterOutage_EqualsTheRequestRunnersFormulaItReplaced(int baseMs)
    {
        var baseDelay = TimeSpan.FromMilliseconds(baseMs);
        for (var attempt = 1; attempt <= 40; attempt++)
        {
            var before = TimeSpan.FromTicks(Math.Min(baseDelay.Ticks * (1L << Math.Min(attempt - 1, 10)), TimeSpan.FromMinutes(5).Ticks));
            Assert.Equal(before, RetryRules.ClusterOutage(baseDelay).Delay(attempt - 1));
        }
    }

    [Fact]
    public void ClusterOutage_AHugeBaseDoesNotOverflow_ButStaysAtTheCap()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), RetryRules.ClusterOutage(TimeSpan.FromDays(100_000)).Delay(10));
    }

    [Fact]
    public void MovePaused_BacksOffToEightTimesTheBase()
    {
        var rule = RetryRules.MovePaused(15 * S);
        Assert.Equal([15, 30, 60, 120, 120, 120], Enumerable.Range(0, 6).Select(n => rule.Delay(n).TotalSeconds));
    }

    [Fact]
    public void MovePaused_EqualsTheShiftItReplaced()
    {
        var paused = 15 * S;
        for (var attempt = 1; attempt <= 20; attempt++)
            Assert.Equal(TimeSpan.FromTicks(paused.Ticks << Math.Clamp(attempt - 1, 0, 3)), RetryRules.MovePaused(paused).Delay(attempt - 1));
    }

    [Fact]
    public void RollbackPausedAndUnexpectedError_AreFlat()
    {
        Assert.All(Enumerable.Range(0, 10), n => Assert.Equal(15 * S, RetryRules.RollbackPaused(15 * S).Delay(n)));
        Assert.All(Enumerable.Range(0, 10), n => Assert.Equal(5 * S, RetryRules.UnexpectedError(5 * S).Delay(n)));
    }

    [Fact]
    public void WriteConflict_DoesNotWait_AndTriesThreeTimes()
    {
        Assert.All(Enumerable.Range(0, 5), n => Assert.Equal(TimeSpan.Zero, RetryRules.WriteConflict.Delay(n)));
        Assert.Equal(3, RetryRules.WriteConflictAttempts);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(5, 32)]
    [InlineData(9, 32)]
    public void WatchReconnect_IsPowerOfTwoCapped_PlusJitterBelowOneUnit(int failures, int units)
    {
        var unit = TimeSpan.FromMilliseconds(100);
        Assert.Equal(unit * units, RetryRules.WatchReconnect(unit).Delay(failures, new FixedRandom(0)));
        Assert.Equal(unit * (units + 0.999), RetryRules.WatchReconnect(unit).Delay(failures, new FixedRandom(0.999)));
        for (var i = 0; i < 20; i++)
            Assert.InRange(RetryRules.WatchReconnect(unit).Delay(failures), unit * units, unit * (units + 1));
    }

    [Fact]
    public void Delay_OfANegativeRetry_IsTheBase()
    {
        Assert.Equal(5 * S, RetryRules.ClusterOutage(5 * S).Delay(-3));
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
