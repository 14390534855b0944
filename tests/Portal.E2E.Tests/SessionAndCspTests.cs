using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.E2E.Tests;

/// <summary>The content security policy lets Blazor Server and MudBlazor work (no violation reported), and the sign-out
/// form (antiforgery-checked) works from an interactive page. Server-side revocation itself is tested over HTTP
/// (Portal.Web.Tests, SessionRevocationTests).</summary>
[Collection(PortalServerCollection.Name)]
public class SessionAndCspTests(PortalServerFixture server)
{
    [Fact]
    public async Task SignOut_FromAnInteractivePage_Works_AndThePagesRunUnderTheCsp()
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl.ToString() });
        var violations = new List<string>();
        var first = await context.NewPageAsync();
        first.Console += (_, m) => { if (m.Text.Contains("Content Security Policy")) violations.Add(m.Text); };
        await first.GotoAsync("/account/signin");
        await first.GetByTestId("sign-in-priya").ClickAsync();
        await first.GotoAsync("/tenants");
        await first.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // An interactive control works only with a live circuit (the script and the WebSocket allowed by the policy).
        await first.GetByTestId("add-binding").ClickAsync();
        await Assertions.Expect(first.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();

        var second = await context.NewPageAsync();
        await second.GotoAsync("/");
        await second.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await second.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(second).ToHaveURLAsync(new Regex("/account/signin"));

        await first.GotoAsync("/tenants");
        await Assertions.Expect(first).ToHaveURLAsync(new Regex("/account/signin"));
        Assert.Empty(violations);
        await context.CloseAsync();
    }
}
