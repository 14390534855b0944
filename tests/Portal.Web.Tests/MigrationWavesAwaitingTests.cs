using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Access;
using Portal.Application.Security;
using Portal.Web.Components.Pages.Approvals;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class MigrationWavesAwaitingTests : MigrationTestContext
{
    private async Task<IRenderedComponent<MigrationWavesAwaiting>> RenderAsAsync(CurrentPrincipal who)
    {
        Principal.Current = who;
        var access = (await Services.GetRequiredService<GetMyAccess>().HandleAsync(new GetMyAccessQuery())).ValueOrThrow();
        return Render<MigrationWavesAwaiting>(p => p.AddCascadingValue(access));
    }

    [Fact]
    public async Task Render_SubmittedWave_ApproverSeesItWithALinkToThePlan()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.Submitted);

        var cut = await RenderAsAsync(Priya);

        cut.WaitForAssertion(() => Assert.Contains("Wave 1 · first of plan move-to-dr", TextOf(cut.Find("[data-testid=wave-awaiting]"))));
        Assert.Equal($"/migrations/{planId}", cut.Find("[data-testid=wave-awaiting-open]").GetAttribute("href"));
    }

    [Fact]
    public async Task Render_OwnWaveOrNoApprover_ListsNothing()
    {
        await SeedMigrationPeopleAsync();
        await CreatePlanAsync(Stage.Submitted, author: Pat);

        var author = await RenderAsAsync(Pat);
        var architect = await RenderAsAsync(Maria);
        var approver = await RenderAsAsync(Priya);

        approver.WaitForElement("[data-testid=wave-awaiting]");
        author.WaitForElement("[data-testid=waves-awaiting-read]");
        Assert.Empty(author.FindAll("[data-testid=wave-awaiting]"));
        Assert.Empty(architect.FindAll("[data-testid=wave-awaiting]"));
    }

    [Fact]
    public async Task ApprovalsPage_AWaveAwaitsAndNoRequest_DoesNotSayNothingWaits()
    {
        await SeedMigrationPeopleAsync();
        await CreatePlanAsync(Stage.Submitted);
        Principal.Current = Priya;
        var access = (await Services.GetRequiredService<GetMyAccess>().HandleAsync(new GetMyAccessQuery())).ValueOrThrow();

        var cut = Render<Approvals>(p => p.AddCascadingValue(access));

        cut.WaitForElement("[data-testid=wave-awaiting]");
        cut.WaitForElement("[data-testid=approvals-no-requests]");
        Assert.Empty(cut.FindAll("[data-testid=approvals-empty]"));
        Assert.DoesNotContain("Nothing waits for your approval", cut.Markup);
    }
}
