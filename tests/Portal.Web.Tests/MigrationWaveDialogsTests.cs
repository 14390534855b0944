using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Domain.Moves;
using Portal.Web.Components.Pages.Moves;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class MigrationWaveDialogsTests : MigrationTestContext
{
    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MigrationPlanPage> Page) RenderWithDialogs(Guid planId)
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<MigrationPlanPage>(p => p.Add(x => x.PlanId, planId));
        cut.WaitForElement("[data-testid=wave]");
        return (dialogs, cut);
    }

    private static IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string testId) =>
        dialogs.Find($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea");

    [Fact]
    public async Task SendBack_WithoutAComment_AsksForOne_WithOne_TheWaveGoesBackToPlanning()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.Submitted);
        Principal.Current = Priya;
        var (dialogs, cut) = RenderWithDialogs(planId);

        var opening = cut.InvokeAsync(() => cut.Find("[data-testid=send-back-wave]").Click());
        dialogs.WaitForElement("[data-testid=comment-dialog]");
        await dialogs.Find("[data-testid=comment-submit]").ClickAsync(new());
        Assert.Contains("Say why the wave goes back to planning", dialogs.Find("[data-testid=comment-error]").TextContent);
        Field(dialogs, "decision-comment").Input("Move the window to the weekend");
        await dialogs.Find("[data-testid=comment-submit]").ClickAsync(new());
        await opening;

        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=wave-status]").GetAttribute("data-status")));
        Assert.Contains("Sent back by Priya Platform", cut.Find("[data-testid=wave-decision]").TextContent);
        Assert.Contains("Move the window to the weekend", cut.Find("[data-testid=wave-decision]").TextContent);
        await using var db = await OpenAllAsync();
        Assert.Equal(MigrationWaveStatus.Draft, (await db.MigrationWaves.SingleAsync()).Status);
    }

    [Fact]
    public async Task RollBackTheWave_NeedsAReasonAndTheWavesNameTyped()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.Paused);
        Principal.Current = Maria;
        var (dialogs, cut) = RenderWithDialogs(planId);

        _ = cut.InvokeAsync(() => cut.Find("[data-testid=rollback-wave]").Click());
        dialogs.WaitForElement("[data-testid=rollback-dialog]");
        bool Disabled() => dialogs.Find("[data-testid=rollback-submit]").HasAttribute("disabled");

        Assert.True(Disabled());
        Field(dialogs, "rollback-reason").Input("The target's storage is slow");
        dialogs.WaitForAssertion(() => Assert.True(Disabled()));
        Field(dialogs, "rollback-confirm-name").Input("firs");
        dialogs.WaitForAssertion(() => Assert.True(Disabled()));
        Field(dialogs, "rollback-confirm-name").Input("first");
        dialogs.WaitForAssertion(() => Assert.False(Disabled()));
    }
}
