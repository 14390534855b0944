using Portal.Domain.Protection;

namespace Portal.UnitTests.Domain.Protection;

/// <summary>Which changes of a namespace's status <see cref="NamespaceRpoState.ObserveStatus"/> calls worth telling.</summary>
public class ProtectionStatusObservationTests
{
    private static NamespaceRpoState State() => new(Guid.NewGuid(), Guid.NewGuid(), "shop", DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData(ProtectionStatus.Protected, ProtectionStatus.AtRisk, true)]
    [InlineData(ProtectionStatus.Protected, ProtectionStatus.Unprotected, true)]
    [InlineData(ProtectionStatus.AtRisk, ProtectionStatus.Unprotected, true)]
    [InlineData(ProtectionStatus.AtRisk, ProtectionStatus.Protected, false)]
    [InlineData(ProtectionStatus.Unprotected, ProtectionStatus.AtRisk, false)]
    [InlineData(ProtectionStatus.Unprotected, ProtectionStatus.Protected, false)]
    [InlineData(ProtectionStatus.AtRisk, ProtectionStatus.AtRisk, false)]
    public void AChange_IsToldOnlyWhenItGetsWorse(ProtectionStatus before, ProtectionStatus after, bool told)
    {
        var state = State();
        state.ObserveStatus(before);
        Assert.Equal(told, state.ObserveStatus(after));
        Assert.Equal(after, state.LastStatus);
    }

    [Fact]
    public void TheFirstReading_IsRecordedSilently_AndTheSameStatusAgainTellsNothing()
    {
        var state = State();
        Assert.False(state.ObserveStatus(ProtectionStatus.AtRisk)); // a portal starting up does not tell what it finds
        Assert.False(state.ObserveStatus(ProtectionStatus.AtRisk));
        Assert.False(state.ObserveStatus(ProtectionStatus.Protected));
        Assert.True(state.ObserveStatus(ProtectionStatus.AtRisk)); // a new fall is told again
    }
}
