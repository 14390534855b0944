using Portal.Domain.Protection;
using Portal.Web.Components.Pages.Protection;

namespace Portal.Web.Tests;

public class ProtectionTextTests
{
    [Theory]
    [InlineData("0 * * * *", "every hour at :00")]
    [InlineData("15 * * * *", "every hour at :15")]
    [InlineData("*/10 * * * *", "every 10 minutes")]
    [InlineData("5 */4 * * *", "every 4 hours at :05")]
    [InlineData("0 2 * * *", "every day at 02:00")]
    [InlineData("30 1 * * 1-5", "at 01:30 on weekdays")]
    [InlineData("0 3 * * 0", "at 03:00 on Sundays")]
    [InlineData("0 3 1 * *", "cron 0 3 1 * *")] // anything else is said as the cron itself
    [InlineData("0 3 * *", "cron 0 3 * *")]
    public void Schedule_CommonShapes_InWords(string cron, string expected) => Assert.Equal(expected, ProtectionText.Schedule(cron));

    [Theory]
    [InlineData(7 * 24 * 60, "7 days")]
    [InlineData(24 * 60, "1 day")]
    [InlineData(26 * 60, "26 hours")]
    [InlineData(60, "1 hour")]
    [InlineData(90, "90 minutes")]
    public void Duration_LargestWholeUnit(int minutes, string expected) => Assert.Equal(expected, ProtectionText.Duration(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void Explain_EveryVolumeProtection_HasItsOwnLine() =>
        Assert.Equal(4, Enum.GetValues<VolumeProtection>().Select(ProtectionText.Explain).Distinct().Count(e => !Enum.GetNames<VolumeProtection>().Contains(e)));
}
