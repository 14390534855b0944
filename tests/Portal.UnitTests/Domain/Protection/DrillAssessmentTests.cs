using Portal.Domain.Protection;
using Portal.Domain.Recovery;

namespace Portal.UnitTests.Domain.Protection;

/// <summary>The drill part of a namespace's status: the latest drill failing, or passing slower than its target, puts it At risk with
/// the reason in words; otherwise the RPO verdict stands.</summary>
public class DrillAssessmentTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 4, 0, 0, TimeSpan.Zero);
    private static readonly RpoVerdict Fine = new(ProtectionStatus.Protected, "On gold: the last good backup is 20 minutes old (target RPO 2 hours).", TimeSpan.FromHours(2), TimeSpan.FromMinutes(20));

    private static LastDrill Passed(int minutes, int target) => new(Guid.NewGuid(), At, DrillStatus.Passed, TimeSpan.FromMinutes(minutes), TimeSpan.FromMinutes(target), null);

    [Fact]
    public void FailedLastDrill_MakesAProtectedNamespaceAtRisk_SayingWhenAndWhat()
    {
        var verdict = DrillAssessment.Apply(Fine, new LastDrill(Guid.NewGuid(), At, DrillStatus.Failed, null, TimeSpan.FromMinutes(10),
            "Deployment web is not available (0 of 2 ready) after 10 minutes."));

        Assert.Equal(ProtectionStatus.AtRisk, verdict.Status);
        Assert.Equal("The last drill on 2026-12-03 failed: Deployment web is not available (0 of 2 ready) after 10 minutes.", verdict.Reason);
        Assert.Equal(Fine.TargetRpo, verdict.TargetRpo);
    }

    [Fact]
    public void SlowerThanTarget_IsAtRisk_WithBothDurations()
    {
        var verdict = DrillAssessment.Apply(Fine, Passed(14, 10));

        Assert.Equal(ProtectionStatus.AtRisk, verdict.Status);
        Assert.Equal("The last drill took 14 minutes, target 10 minutes.", verdict.Reason);
    }

    [Theory]
    [InlineData(10, 10)] // exactly the target meets it
    [InlineData(3, 10)]
    public void PassedWithinTarget_LeavesTheVerdictAsItIs(int minutes, int target) =>
        Assert.Same(Fine, DrillAssessment.Apply(Fine, Passed(minutes, target)));

    [Fact]
    public void NoDrill_LeavesTheVerdictAsItIs() => Assert.Same(Fine, DrillAssessment.Apply(Fine, null));

    [Fact]
    public void AlreadyAtRiskOrUnprotected_KeepsItsStatus_AndAddsTheDrillsReason()
    {
        var risky = new RpoVerdict(ProtectionStatus.AtRisk, "The last good backup is 30 hours old, more than the target RPO of 26 hours.", TimeSpan.FromHours(26), TimeSpan.FromHours(30));
        var none = new RpoVerdict(ProtectionStatus.Unprotected, "No protection policy and no backup.", TimeSpan.FromHours(26), null);

        var a = DrillAssessment.Apply(risky, Passed(14, 10));
        var u = DrillAssessment.Apply(none, new LastDrill(Guid.NewGuid(), At, DrillStatus.Failed, null, TimeSpan.FromMinutes(10), null));

        Assert.Equal(ProtectionStatus.AtRisk, a.Status);
        Assert.Equal("The last good backup is 30 hours old, more than the target RPO of 26 hours. The last drill took 14 minutes, target 10 minutes.", a.Reason);
        Assert.Equal(ProtectionStatus.Unprotected, u.Status);
        Assert.EndsWith("The last drill on 2026-12-03 failed: no reason recorded.", u.Reason);
    }

    [Fact]
    public void Summary_SaysTheResultForTheLastDrillColumn()
    {
        Assert.Equal("2026-12-03: passed in 14 minutes (target 10 minutes)", Passed(14, 10).Summary);
        Assert.Equal("2026-12-03: failed", new LastDrill(Guid.NewGuid(), At, DrillStatus.Failed, null, TimeSpan.FromMinutes(10), "x").Summary);
    }
}
