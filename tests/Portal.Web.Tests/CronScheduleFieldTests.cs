using Bunit;
using Portal.Web.Components.Shared;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class CronScheduleFieldTests : PortalTestContext
{
    private IRenderedComponent<CronScheduleField> RenderField(string? cron, string? zone = "Etc/UTC") =>
        Render<CronScheduleField>(p => p.Add(x => x.Cron, cron).Add(x => x.TimeZone, zone).Add(x => x.DebounceMilliseconds, 0));

    [Fact]
    public void Render_ValidCron_ShowsFiveRuns()
    {
        var cut = RenderField("0 2 * * *");

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=cron-run]").Count));
        Assert.All(cut.FindAll("[data-testid=cron-run]"), r => Assert.Contains("02:00 (UTC+00:00)", r.TextContent));
        Assert.Empty(cut.FindAll("[data-testid=cron-error]"));
    }

    [Fact]
    public void Render_ValidCronInBerlin_ShowsRunsInBerlinLocalTime()
    {
        var cut = RenderField("30 3 * * *", "Europe/Berlin");

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=cron-run]").Count));
        Assert.All(cut.FindAll("[data-testid=cron-run]"), r => Assert.Matches(@"03:30 \(UTC\+0[12]:00\)", r.TextContent));
    }

    [Fact]
    public void Type_MinuteOutOfRange_ShowsTheErrorInWords()
    {
        var cut = RenderField("0 2 * * *");
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=cron-run]").Count));
        string? bound = null;

        cut.Render(p => p.Add(x => x.CronChanged, v => bound = v));
        cut.Find("input[data-testid=cron-expression]").Input("61 2 * * *");

        cut.WaitForAssertion(() => Assert.Contains("'61 2 * * *' is not a valid cron expression", cut.Find("[data-testid=cron-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=cron-run]"));
        Assert.Equal("61 2 * * *", bound);
    }

    /// <summary>With the pause before the check (400 ms, as on every page), what is typed still reaches the form at once: a
    /// Save clicked right after typing saves it, not the cron before. Only the check waits for the pause.</summary>
    [Fact]
    public void Type_WithThePauseBeforeTheCheck_TheTypedCronReachesTheFormAtOnce_TheCheckFollowsThePause()
    {
        var cut = Render<CronScheduleField>(p => p.Add(x => x.Cron, "0 2 * * *").Add(x => x.TimeZone, "Etc/UTC").Add(x => x.DebounceMilliseconds, 400));
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=cron-run]").Count));
        string? bound = null;
        cut.Render(p => p.Add(x => x.CronChanged, v => bound = v));

        cut.Find("input[data-testid=cron-expression]").Input("17 3 * * *");

        Assert.Equal("17 3 * * *", bound);
        Assert.All(cut.FindAll("[data-testid=cron-run]"), r => Assert.Contains("02:00", r.TextContent)); // not checked yet
        cut.WaitForAssertion(() => Assert.All(cut.FindAll("[data-testid=cron-run]"), r => Assert.Contains("03:17", r.TextContent)), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Render_MinuteOutOfRange_ShowsTheErrorInWords()
    {
        var cut = RenderField("61 2 * * *");

        cut.WaitForAssertion(() => Assert.Contains("is not a valid cron expression", cut.Find("[data-testid=cron-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=cron-run]"));
    }

    [Fact]
    public void Render_UnknownTimeZone_ShowsTheErrorInWords()
    {
        var cut = RenderField("0 2 * * *", "Mars/Olympus_Mons");

        cut.WaitForAssertion(() => Assert.Contains("'Mars/Olympus_Mons' is not an IANA time zone", cut.Find("[data-testid=cron-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=cron-run]"));
    }

    [Fact]
    public void Render_SixFieldCron_ExplainsTheFiveFields()
    {
        var cut = RenderField("0 0 2 * * *");

        cut.WaitForAssertion(() => Assert.Contains("five fields", cut.Find("[data-testid=cron-error]").TextContent));
    }
}
