using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Portal.Web.Components.Pages.Requests;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class RequestsGridTests : PortalTestContext
{
    [Fact]
    public async Task Render_WithRequests_ListsThemFromServerPaging()
    {
        await SubmitRestoreAsAsync(Alice, target: "shop-copy");
        await SubmitRestoreAsAsync(Alice, target: "shop-second");

        var cut = Render<Requests>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.mud-table-row [data-testid=request-status]").Count));
        Assert.Contains("shop → shop-second", cut.Markup);
        Assert.Contains("Pending approval", cut.Markup);
    }

    [Fact]
    public void Render_NoRequests_SaysSoInWords()
    {
        var cut = Render<Requests>();

        cut.WaitForElement("[data-testid=requests-empty]");
    }

    [Fact]
    public async Task Search_EnterRightAfterTyping_SearchesWhatWasTyped()
    {
        await SubmitRestoreAsAsync(Alice, target: "shop-copy");
        await SubmitRestoreAsAsync(Sam, target: "shop-second");
        Principal.Current = Sam;
        var cut = Render<Requests>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.mud-table-row [data-testid=request-status]").Count));

        var box = cut.Find("[data-testid=filter-search]");
        var input = box.TagName == "INPUT" ? box : box.QuerySelector("input")!;
        await input.InputAsync(new ChangeEventArgs { Value = "sam rel" });
        await cut.Find("[data-testid=filter-search] input, input[data-testid=filter-search]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        // at once, not after a pause: Enter searched the text as typed (a debounced field still held it back)
        Assert.Single(cut.FindAll("tr.mud-table-row [data-testid=request-status]"));
        Assert.Contains("shop → shop-second", cut.Markup);
        Assert.DoesNotContain("shop → shop-copy", cut.Markup);
        Assert.Equal("sam rel", cut.Find("[data-testid=filter-search] input, input[data-testid=filter-search]").GetAttribute("value"));
    }

    [Fact]
    public async Task Search_TypingAlone_SearchesOnceTypingPauses()
    {
        await SubmitRestoreAsAsync(Alice, target: "shop-copy");
        await SubmitRestoreAsAsync(Sam, target: "shop-second");
        Principal.Current = Sam;
        var cut = Render<Requests>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr.mud-table-row [data-testid=request-status]").Count));

        await cut.Find("[data-testid=filter-search] input, input[data-testid=filter-search]").InputAsync(new ChangeEventArgs { Value = "alice" });

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tr.mud-table-row [data-testid=request-status]")), TimeSpan.FromSeconds(5));
        Assert.Contains("shop → shop-copy", cut.Markup);
    }
}
