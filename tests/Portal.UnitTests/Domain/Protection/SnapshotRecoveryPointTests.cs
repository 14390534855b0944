using Portal.Domain.Protection;

namespace Portal.UnitTests.Domain.Protection;

/// <summary>The rule of <see cref="SnapshotRecoveryPoint"/>: a point in time counts only when every bound claim has a ready snapshot
/// taken at or after it.</summary>
public class SnapshotRecoveryPointTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_EveryClaimHasAReadySnapshot_IsTheOldestOfTheClaimsNewest()
    {
        var point = SnapshotRecoveryPoint.Of(["data", "logs"],
        [
            new("data", true, T.AddMinutes(-50)), new("data", true, T.AddMinutes(-10)),
            new("logs", true, T.AddMinutes(-30)), new("logs", true, T.AddMinutes(-90)),
        ]);

        Assert.Equal(T.AddMinutes(-30), point.At);
        Assert.Null(point.Gap);
    }

    [Fact]
    public void Of_AClaimWithoutASnapshot_HasNoPoint_AndNamesTheClaim()
    {
        var point = SnapshotRecoveryPoint.Of(["data", "logs"], [new("data", true, T)]);

        Assert.Null(point.At);
        Assert.Equal("1 of 2 claims have a ready snapshot; no ready snapshot of logs.", point.Gap);
    }

    [Fact]
    public void Of_ASnapshotNotReady_DoesNotCount()
    {
        var point = SnapshotRecoveryPoint.Of(["data", "logs"], [new("data", true, T.AddMinutes(-5)), new("logs", false, T)]);

        Assert.Null(point.At);
        Assert.Contains("no ready snapshot of logs", point.Gap);
    }

    [Fact]
    public void Of_ANewerSnapshotNotReady_LeavesTheOlderReadyOneAsThePoint()
    {
        var point = SnapshotRecoveryPoint.Of(["data"], [new("data", true, T.AddHours(-2)), new("data", false, T)]);

        Assert.Equal(T.AddHours(-2), point.At);
    }

    [Fact]
    public void Of_NoBoundClaims_HasNoPoint()
    {
        var point = SnapshotRecoveryPoint.Of([], [new("data", true, T)]);

        Assert.Null(point.At);
        Assert.NotNull(point.Gap);
    }

    [Fact]
    public void Of_SnapshotsOfClaimsNoLongerBound_AreIgnored()
    {
        var point = SnapshotRecoveryPoint.Of(["data"], [new("data", true, T.AddMinutes(-20)), new("old-claim", true, T.AddDays(-3))]);

        Assert.Equal(T.AddMinutes(-20), point.At);
    }

    [Fact]
    public void Covers_OnlyWhenEveryClaimHasASnapshotAtOrAfterT()
    {
        IReadOnlyList<SnapshotFact> snaps = [new("data", true, T), new("logs", true, T.AddMinutes(5))];

        Assert.True(SnapshotRecoveryPoint.Covers(T, ["data", "logs"], snaps));
        Assert.False(SnapshotRecoveryPoint.Covers(T.AddMinutes(1), ["data", "logs"], snaps)); // data's snapshot is older than T+1
        Assert.False(SnapshotRecoveryPoint.Covers(T, ["data", "logs", "cache"], snaps));
    }
}
