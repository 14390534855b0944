using Bunit;
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
}
