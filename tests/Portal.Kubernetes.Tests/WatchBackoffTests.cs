namespace Portal.Kubernetes.Tests;

public class WatchBackoffTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(5, 32)]
    [InlineData(9, 32)]
    public void Delay_Attempt_IsPowerOfTwoCappedPlusJitterBelowOneUnit(int attempt, int units)
    {
        var unit = TimeSpan.FromMilliseconds(100);
        for (var i = 0; i < 20; i++)
        {
            var delay = WatchBackoff.Delay(attempt, unit);
            Assert.InRange(delay, unit * units, unit * (units + 1));
        }
    }
}
