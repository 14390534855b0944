using Microsoft.Playwright;

namespace Portal.E2E.Tests;

[Collection(PortalServerCollection.Name)]
public class SmokeTests(PortalServerFixture server)
{
    [Fact]
    public async Task SignInPage_ListsOneDemoUserOfEachPersona()
    {
        var page = await server.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.BaseUrl.ToString() });
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin"));
        foreach (var name in new[] { "Alice Owner", "Sam Reliability", "Priya Platform", "Dan Database", "Maria Migration", "Sofia Storage" })
            await Assertions.Expect(page.GetByText(name).First).ToBeVisibleAsync();
        await page.CloseAsync();
    }
}
