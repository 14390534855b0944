using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Databases;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class NewDumpSchedulePageTests : DatabaseTestContext
{
    private IRenderedComponent<NewDumpSchedulePage> RenderForm(Guid databaseId)
    {
        Principal.Current = Dan;
        var cut = Render<NewDumpSchedulePage>(p => p.Add(x => x.Id, databaseId));
        cut.WaitForElement("[data-testid=submit-schedule]");
        return cut;
    }

    private static IElement Input(IRenderedComponent<NewDumpSchedulePage> cut, string testId) =>
        cut.Find($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea");

    private async Task<List<DumpSchedule>> AllSchedulesAsync()
    {
        await using var db = await OpenAllAsync();
        return await db.DumpSchedules.AsNoTracking().ToListAsync();
    }

    [Theory]
    [InlineData("", "Enter the number of dumps to keep")]
    [InlineData("abc", "'abc' is not a whole number")]
    [InlineData("0", "must be at least 1 dumps (you typed 0)")]
    [InlineData("5000", "can be at most 1000 dumps (you typed 5000)")]
    public async Task RetentionCount_NotANumberInRange_IsExplainedNextToTheFieldAndNothingIsCreated(string typed, string expected)
    {
        var cut = RenderForm(await RegisterShopDbAsync());

        Input(cut, "retention-count").Change(typed);
        cut.WaitForAssertion(() => Assert.Contains(expected, cut.Markup));
        Assert.Equal(typed, Input(cut, "retention-count").GetAttribute("value")); // what was typed stays as typed
        await cut.Find("[data-testid=submit-schedule]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("number to keep is not a valid number", cut.Find("[data-testid=submit-error]").TextContent));
        Assert.Empty(await AllSchedulesAsync());
    }

    [Fact]
    public async Task ParallelJobs_OnlyEnabledWithTheDirectoryFormat()
    {
        var cut = RenderForm(await RegisterShopDbAsync());
        Assert.True(Input(cut, "pg-parallel").HasAttribute("disabled"));

        Input(cut, "pg-format-directory").Click();
        cut.WaitForAssertion(() => Assert.False(Input(cut, "pg-parallel").HasAttribute("disabled")));
        Input(cut, "pg-parallel").Change("4");

        Input(cut, "pg-format-custom").Click();
        cut.WaitForAssertion(() => Assert.True(Input(cut, "pg-parallel").HasAttribute("disabled")));
        Assert.Equal("1", Input(cut, "pg-parallel").GetAttribute("value"));
    }

    [Fact]
    public async Task Method_CloudNativePgCluster_OffersTheOperatorWithASixFieldUtcCron()
    {
        var cut = RenderForm(await RegisterShopDbAsync(DatabaseSource.CloudNativePgCluster));

        Input(cut, "method-cnpg").Click();

        cut.WaitForAssertion(() => Assert.Equal("0 0 2 * * *", cut.Find("[data-testid=cnpg-six-field]").TextContent));
        Assert.Contains("seconds first", cut.Find("[data-testid=cnpg-cron-note]").TextContent);
        cut.Find("[data-testid=cnpg-barman]");
        cut.Find("[data-testid=cnpg-snapshot]");
        Assert.Empty(cut.FindAll("[data-testid=pg-tool]"));
        Assert.Empty(cut.FindAll("[data-testid=destination-kind]"));
        Assert.True(Input(cut, "cron-timezone").HasAttribute("readonly"));
    }

    [Fact]
    public async Task Method_DatabaseEnteredByHand_OffersNoOperator()
    {
        var cut = RenderForm(await RegisterShopDbAsync(DatabaseSource.Manual));

        cut.Find("[data-testid=method-native]");
        Assert.Empty(cut.FindAll("[data-testid=method-cnpg]"));
    }

    [Fact]
    public async Task Cron_Invalid_ShowsTheMessageAndSubmitShowsTheUseCaseError()
    {
        var cut = RenderForm(await RegisterShopDbAsync());

        Input(cut, "cron-expression").Input("0 2 * *");
        cut.WaitForAssertion(() => Assert.Contains("five fields", cut.Find("[data-testid=cron-error]").TextContent));
        await cut.Find("[data-testid=submit-schedule]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal(
            "A cron schedule has five fields: minute, hour, day of month, month, day of week.",
            cut.Find("[data-testid=submit-error]").TextContent.Trim()));
        Assert.Empty(await AllSchedulesAsync());
    }

    [Fact]
    public async Task Submit_ClientOlderThanServer_ShowsTheRefusal()
    {
        var cut = RenderForm(await RegisterShopDbAsync());
        Assert.Equal("16", Input(cut, "client-version").GetAttribute("value"));

        Input(cut, "client-version").Change("15");
        await cut.Find("[data-testid=submit-schedule]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("A PostgreSQL 15 client cannot safely dump a 16 server",
            cut.Find("[data-testid=submit-error]").TextContent));
        Assert.Empty(await AllSchedulesAsync());
    }

    [Fact]
    public async Task Submit_PgDumpToANewClaim_CreatesTheScheduleAndNavigatesToTheDatabase()
    {
        var id = await RegisterShopDbAsync();
        var cut = RenderForm(id);
        Input(cut, "schedule-name").Input("hourly");
        Input(cut, "pg-format-directory").Click();
        Input(cut, "pg-parallel").Change("4");
        Input(cut, "pg-exclude-schemas-input").Input("audit\nscratch_*");
        Input(cut, "pvc-storage-class").Change("standard");
        Input(cut, "cron-expression").Input("15 * * * *");
        Input(cut, "retention-days").Click();
        Input(cut, "retention-count").Change("14");

        await cut.Find("[data-testid=submit-schedule]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.EndsWith($"/databases/{id}", Services.GetRequiredService<BunitNavigationManager>().Uri));
        var schedule = Assert.Single(await AllSchedulesAsync());
        Assert.Equal("hourly", schedule.Name);
        Assert.Equal("app", schedule.DatabaseName);
        Assert.Equal(new PostgresDumpOptions(PostgresDumpTool.PgDump, PostgresDumpFormat.Directory, 6, 4), schedule.Postgres! with { ExcludeSchemas = null, IncludeSchemas = null, IncludeTables = null, ExcludeTables = null });
        Assert.Equal(["audit", "scratch_*"], schedule.Postgres!.ExcludeSchemas!);
        Assert.Equal(new DumpDestination(DumpDestinationKind.PersistentVolumeClaim, "shop-db-dumps", true, "standard", 10), schedule.Destination);
        Assert.Equal(new DumpRetention(null, 14), schedule.Retention);
        Assert.Equal("15 * * * *", schedule.Cron);
        Assert.Equal("postgres:16", schedule.ClientImage);
        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal(RequestKind.DumpScheduleChange, request.Kind);
    }

    [Fact]
    public async Task Submit_ScheduleNameTaken_ShowsTheConflict()
    {
        var id = await RegisterShopDbAsync();
        await CreateScheduleAsync(id, "nightly");
        var cut = RenderForm(id);
        Input(cut, "pvc-name").Change("other-dumps");

        await cut.Find("[data-testid=submit-schedule]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("shop-db already has a schedule named nightly.", cut.Find("[data-testid=submit-error]").TextContent.Trim()));
    }

    [Fact]
    public async Task Render_AsApplicationOwner_RefusesInWords()
    {
        var id = await RegisterShopDbAsync();
        Principal.Current = Alice;

        var cut = Render<NewDumpSchedulePage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.Contains("You cannot schedule dumps of shop-db here: ask a database engineer of Webshop",
            cut.Find("[data-testid=not-allowed]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=submit-schedule]"));
    }
}
