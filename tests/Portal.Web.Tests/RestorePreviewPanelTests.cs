using Bunit;
using Portal.Application.Common;
using Portal.Application.Features.Restores.Preview;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Restores;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class RestorePreviewPanelTests : PortalTestContext
{
    private static RestorePreviewPage Page(int total, PreviewPageArgs a, int createCount = -1)
    {
        var items = Enumerable.Range(0, total).Select(i => new PreviewItem("v1", "ConfigMap", $"config-{i:D4}", i % 2 == 0 ? PreviewOutcome.Create : PreviewOutcome.Skip))
            .Where(i => a.Outcome is null || i.Outcome == a.Outcome).ToList();
        var totals = Enum.GetValues<PreviewOutcome>().ToDictionary(o => o, o => o switch
        {
            PreviewOutcome.Create => createCount >= 0 ? createCount : (total + 1) / 2,
            PreviewOutcome.Skip => total / 2,
            _ => 0,
        });
        return new RestorePreviewPage("nightly-1", "shop", "shop-restored", false, ExistingResourcePolicy.None, true, totals,
            total == 0 ? [] : [new PreviewKindCount("v1", "ConfigMap", (total + 1) / 2, total / 2, 0, 0, 0)],
            total == 0 ? [] : [new NotRestoredReason("Event (v1)", 3, "Velero never restores events: events are history, not state")],
            [], new VolumePreview(0, 0, false, "The backup holds no volume claims of this namespace."), 0, DateTimeOffset.UtcNow,
            new Page<PreviewItem>(items.Skip(a.Page.Skip).Take(a.Page.Take).ToList(), items.Count));
    }

    private IRenderedComponent<RestorePreviewPanel> RenderPanel(Func<PreviewPageArgs, CancellationToken, Task<Result<RestorePreviewPage>>> load) =>
        Render<RestorePreviewPanel>(p => p.Add(x => x.Load, load).Add(x => x.Key, "k1"));

    [Fact]
    public void WhileVeleroPreparesTheList_ShowsProgressInWords()
    {
        var pending = new TaskCompletionSource<Result<RestorePreviewPage>>();

        var cut = RenderPanel((_, _) => pending.Task);

        Assert.Contains("Velero is preparing the backup's list", cut.Find("[data-testid=preview-loading]").TextContent);
        pending.SetResult(Page(2, new PreviewPageArgs(null, null, new PageRequest(), false)));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=preview-loading]")));
        Assert.Equal(2, cut.FindAll("[data-testid=preview-item]").Count);
    }

    [Fact]
    public void EmptyBackup_SaysSoWithTheNextStep()
    {
        var cut = RenderPanel((a, _) => Task.FromResult<Result<RestorePreviewPage>>(Page(0, a)));

        cut.WaitForAssertion(() => Assert.Contains("This backup holds nothing of shop", cut.Find("[data-testid=preview-empty]").TextContent));
        Assert.Contains("Choose another backup", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=preview-item]"));
    }

    [Fact]
    public void ManyItems_ArePagedOnTheServer_AndFilteredByOutcome()
    {
        var asked = new List<PreviewPageArgs>();
        var cut = RenderPanel((a, _) =>
        {
            asked.Add(a);
            return Task.FromResult<Result<RestorePreviewPage>>(Page(120, a));
        });

        cut.WaitForAssertion(() => Assert.Equal(RestorePreviewPanel.PageSize, cut.FindAll("[data-testid=preview-item]").Count));
        Assert.Contains("60 will be created", cut.Find("[data-testid=preview-count-create]").TextContent);
        Assert.Contains("Velero never restores events", cut.Find("[data-testid=preview-not-restored]").TextContent);
        Assert.Equal(new PageRequest(0, RestorePreviewPanel.PageSize), asked[0].Page);

        // the third page, asked of the server
        cut.FindAll("[data-testid=preview-pager] button").First(b => b.TextContent.Trim() == "3").Click();
        cut.WaitForAssertion(() => Assert.Equal("config-0050", cut.FindAll("[data-testid=preview-item]")[0].GetAttribute("data-name")));
        Assert.Equal(2, asked[^1].Page.Page);

        // only what will be created, from the first page again
        cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudSelect<string>>().Instance.ValueChanged.InvokeAsync(nameof(PreviewOutcome.Create)));
        cut.WaitForAssertion(() => Assert.All(cut.FindAll("[data-testid=preview-item]"), r => Assert.Equal("Create", r.GetAttribute("data-outcome"))));
        Assert.Equal((PreviewOutcome?)PreviewOutcome.Create, asked[^1].Outcome);
        Assert.Equal(0, asked[^1].Page.Page);
    }

    [Fact]
    public void Failure_IsShownInWords_AndTryAgainReadsAfresh()
    {
        var asked = new List<PreviewPageArgs>();
        var fail = true;
        var cut = RenderPanel((a, _) =>
        {
            asked.Add(a);
            return Task.FromResult(fail
                ? (Result<RestorePreviewPage>)Error.Unavailable("Velero is not installed on cluster prod-east. The preview (and the restore) need Velero on the cluster.")
                : Page(2, a));
        });

        cut.WaitForAssertion(() => Assert.Contains("Velero is not installed", cut.Find("[data-testid=preview-error]").TextContent));
        fail = false;
        cut.Find("[data-testid=preview-retry]").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=preview-item]").Count));
        Assert.True(asked[^1].Fresh);
        Assert.Empty(cut.FindAll("[data-testid=preview-error]"));
    }
}
