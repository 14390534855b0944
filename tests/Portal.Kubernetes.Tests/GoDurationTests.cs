namespace Portal.Kubernetes.Tests;

public class GoDurationTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(300, "5m0s")]
    [InlineData(5400, "1h30m0s")]
    [InlineData(2_592_000, "720h0m0s")]
    [InlineData(3661, "1h1m1s")]
    public void Format_WholeSeconds_MatchesGoDurationString(int seconds, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Format_FractionalSeconds_TrimsTrailingZeros()
    {
        Assert.Equal("1.5s", GoDuration.Format(TimeSpan.FromMilliseconds(1500)));
        Assert.Equal("250ms", GoDuration.Format(TimeSpan.FromMilliseconds(250)));
    }
}
