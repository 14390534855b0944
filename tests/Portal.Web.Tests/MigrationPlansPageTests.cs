using Bunit;
using Portal.Web.Components.Pages.Moves;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class MigrationPlansPageTests : MigrationTestContext
{
    [Fact]
    public async Task Render_NoPlans_ShowsTheEmptyState()
    {
        await SeedMigrationPeopleAsync();
        Principal.Current = Maria;

        var cut = Render<MigrationPlans>();

        cut.WaitForAssertion(() => Assert.Contains("No migration plans yet", cut.Find("[data-testid=plans-empty]").TextContent));
    }

    [Fact]
    public async Task Render_OnePlan_ShowsItsRowWithRouteStageAndProgress()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.NotPreflighted);
        Principal.Current = Maria;

        var cut = Render<MigrationPlans>();

        cut.WaitForAssertion(() => Assert.Equal("move-to-dr", cut.Find("[data-testid=plan-link]").TextContent.Trim()));
        Assert.Equal($"/migrations/{planId}", cut.Find("[data-testid=plan-link]").GetAttribute("href"));
        Assert.Equal("prod-east → dr-west", TextOf(cut.Find("[data-testid=plan-clusters]")));
        Assert.Equal("Planning", TextOf(cut.Find("[data-testid=plan-stage]")));
        Assert.Equal("1", TextOf(cut.Find("[data-testid=plan-waves]")));
        Assert.Equal("0/1", TextOf(cut.Find("[data-testid=plan-moved]")));
        Assert.Contains("Maria Migration", cut.Markup);
    }
}
