using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Web.Components.Pages.Moves;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class MigrationPlanPageTests : MigrationTestContext
{
    private IRenderedComponent<MigrationPlanPage> RenderPlanAs(CurrentPrincipal who, Guid planId)
    {
        Principal.Current = who;
        var cut = Render<MigrationPlanPage>(p => p.Add(x => x.PlanId, planId));
        cut.WaitForElement("[data-testid=wave]");
        return cut;
    }

    private static void SelectApp(IRenderedComponent<MigrationPlanPage> cut, string ns = "shop")
    {
        cut.Find($"[data-testid=wave-app][data-namespace={ns}]").Click();
        cut.WaitForElement("[data-testid=app-panel]");
    }

    [Fact]
    public async Task MoveRequestChanged_PageReadsThePlanAgainAtOnce_WithoutWaitingForItsReRead()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.NotPreflighted); // a draft: nothing moves, so the page does not poll
        var cut = RenderPlanAs(Maria, planId);
        var before = cut.Find("[data-testid=wave]").GetAttribute("data-wave");
        await using (var db = await OpenAllAsync())
        {
            var wave = await db.MigrationWaves.SingleAsync();
            wave.Change("renamed by another replica", wave.NotBefore, wave.NotAfter, wave.ConcurrencyLimit, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        Services.GetRequiredService<IRequestStatusNotifier>().Notify(
            new RequestChange(TenantId, Guid.NewGuid(), Portal.Domain.Requests.RequestKind.ApplicationMigration));

        cut.WaitForAssertion(() => Assert.Equal("renamed by another replica", cut.Find("[data-testid=wave]").GetAttribute("data-wave")),
            TimeSpan.FromSeconds(5));
        Assert.NotEqual("renamed by another replica", before);
    }

    [Fact]
    public async Task Render_DraftWaveNotPreflighted_ShowsNotReadyReasonsAndPlanningActions()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.NotPreflighted);

        var cut = RenderPlanAs(Maria, planId);

        Assert.Equal("prod-east → dr-west", TextOf(cut.Find("[data-testid=plan-route]")));
        Assert.Equal("Draft", cut.Find("[data-testid=wave-status]").GetAttribute("data-status"));
        Assert.Contains("shop: run the preflight.", cut.FindAll("[data-testid=not-ready-reason]").Select(TextOf));
        Assert.Contains("open, closes in", cut.Find("[data-testid=wave-window-state]").TextContent);
        cut.Find("[data-testid=add-wave]");
        cut.Find("[data-testid=edit-wave]");
        cut.Find("[data-testid=add-application]");
        cut.Find("[data-testid=wave-preflight]");
        Assert.True(cut.Find("[data-testid=submit-wave]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=approve-wave]"));
        Assert.Equal("not run", TextOf(cut.Find("[data-testid=app-preflight]")));
    }

    [Fact]
    public async Task Render_OnlyAnOwnersAcknowledgementMissing_SubmitIsOfferedAndTheReasonListed()
    {
        await SeedMigrationPeopleAsync();
        await using (var db = await OpenAllAsync())
        {
            db.ApprovalPolicies.Add(new Portal.Domain.Requests.ApprovalPolicy(TenantId, Portal.Domain.Requests.RequestKind.ApplicationMigration, true, Portal.Domain.Access.Persona.ApplicationOwner));
            await db.SaveChangesAsync();
        }
        var (planId, _) = await CreatePlanAsync(Stage.Submitted);
        await using (var db = await OpenAllAsync())
        {
            (await db.MigrationWaves.SingleAsync()).Withdraw(DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var cut = RenderPlanAs(Maria, planId);

        Assert.Contains("shop: its owners must acknowledge the move (the tenant's policy asks for it).", cut.FindAll("[data-testid=not-ready-reason]").Select(TextOf));
        Assert.False(cut.Find("[data-testid=submit-wave]").HasAttribute("disabled"));
        Assert.Equal("required, not given yet", TextOf(cut.Find("[data-testid=app-owner-ack]")));
    }

    [Fact]
    public async Task Render_SubmittedWave_ApproverSeesApproveButNotSubmit()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.Submitted);

        var cut = RenderPlanAs(Priya, planId);

        Assert.Equal("PendingApproval", cut.Find("[data-testid=wave-status]").GetAttribute("data-status"));
        cut.Find("[data-testid=approve-wave]");
        cut.Find("[data-testid=send-back-wave]");
        Assert.Empty(cut.FindAll("[data-testid=submit-wave]"));
        Assert.Empty(cut.FindAll("[data-testid=withdraw-wave]"));
        Assert.Empty(cut.FindAll("[data-testid=add-wave]"));
        Assert.Contains("Submitted by Maria Migration", cut.Find("[data-testid=wave-submitted]").TextContent);
    }

    [Fact]
    public async Task Render_OwnWave_NobodySeesApproveOnIt()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.Submitted, author: Pat);

        var author = RenderPlanAs(Pat, planId);
        Assert.Empty(author.FindAll("[data-testid=approve-wave]"));
        author.Find("[data-testid=withdraw-wave]");

        var other = RenderPlanAs(Priya, planId);
        other.Find("[data-testid=approve-wave]");
    }

    [Fact]
    public async Task Render_ApplicationOwner_SeesAcknowledgeTheMoveAndNoWaveActions()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.Submitted);

        var cut = RenderPlanAs(Alice, planId);
        SelectApp(cut);

        cut.Find("[data-testid=acknowledge-move]");
        Assert.Empty(cut.FindAll("[data-testid=approve-wave]"));
        Assert.Empty(cut.FindAll("[data-testid=withdraw-wave]"));
        Assert.Empty(cut.FindAll("[data-testid=save-app]"));

        cut.Find("[data-testid=acknowledge-move]").Click();

        cut.WaitForAssertion(() => Assert.Contains("acknowledged by Alice Owner", cut.Find("[data-testid=app-owner-ack]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=acknowledge-move]"));
    }

    [Fact]
    public async Task Render_AppPanel_ShowsFindingsByObjectAndDisablesImpossiblePlaybooks()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.Preflighted);

        var cut = RenderPlanAs(Maria, planId);
        SelectApp(cut);

        var error = cut.Find("[data-testid=findings-errors] [data-testid=finding]");
        Assert.Contains("Storage class fast-ssd does not exist on dr-west", error.TextContent);
        Assert.Equal("PersistentVolumeClaim \"shop/data\"", cut.Find("[data-testid=findings-errors] [data-testid=finding-object]").TextContent);
        Assert.Contains("Ingress class nginx-internal", cut.Find("[data-testid=findings-warnings] [data-testid=finding]").TextContent);
        cut.Find("[data-testid=acknowledge-warnings]");

        var impossible = cut.Find("[data-testid=playbook-option][data-playbook=GitOpsRedeploy]");
        Assert.Equal("false", impossible.GetAttribute("data-possible"));
        Assert.True(impossible.QuerySelector("input")!.HasAttribute("disabled"));
        Assert.Contains("Not possible: No GitOps tool manages this application.", TextOf(impossible.QuerySelector("[data-testid=playbook-reason]")!));
        var possible = cut.Find("[data-testid=playbook-option][data-playbook=ExportTransformApply]");
        Assert.False(possible.QuerySelector("input")!.HasAttribute("disabled"));
        Assert.Equal("fast-ssd", cut.Find("input[data-testid=storage-map-source]").GetAttribute("value"));
        Assert.Contains("3 object(s)", cut.Find("[data-testid=manifests-count]").TextContent);
        Assert.Contains("the target recreates it", cut.Find("[data-testid=manifests-skipped]").TextContent);
    }

    [Fact]
    public async Task Render_AppPanel_SaysTheManifestsAreForReviewOnly()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.Preflighted);

        var cut = RenderPlanAs(Maria, planId);
        SelectApp(cut);

        Assert.Contains("For review only: Secret values are hidden in this YAML, so it cannot be applied", TextOf(cut.Find("[data-testid=manifests-review-only]")));
    }

    [Fact]
    public async Task Render_PausedApplication_BoardShowsStepsAndWhyItWaits()
    {
        await SeedMigrationPeopleAsync();
        var (planId, _) = await CreatePlanAsync(Stage.Paused);

        var cut = RenderPlanAs(Maria, planId);

        Assert.Equal("Running", cut.Find("[data-testid=wave-status]").GetAttribute("data-status"));
        Assert.Equal("Paused", cut.Find("[data-testid=wave-app] [data-testid=app-status]").GetAttribute("data-status"));
        Assert.Equal("1/8 · Export and transform", TextOf(cut.Find("[data-testid=app-progress]")));
        cut.Find("[data-testid=live]");
        SelectApp(cut);

        Assert.Contains(PausedBecause, cut.Find("[data-testid=app-status-detail]").TextContent);
        var steps = cut.FindAll("[data-testid=app-steps] [data-testid=step]");
        Assert.Equal(8, steps.Count);
        Assert.Equal("Skipped", steps[0].GetAttribute("data-status"));
        Assert.Equal("Running", steps[1].GetAttribute("data-status"));
        Assert.Contains("exporting 12 objects", steps[1].TextContent);
        Assert.All(steps.Skip(2), s => Assert.Equal("Pending", s.GetAttribute("data-status")));
        Assert.StartsWith("/requests/", cut.Find("[data-testid=app-move-request]").GetAttribute("href"));
        cut.Find("[data-testid=rollback-wave]");
        cut.Find("[data-testid=rollback-app]");
    }
}
