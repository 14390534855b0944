using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Web.Hosting;

namespace Portal.E2E.Tests;

[Collection(PortalServerCollection.Name)]
public class SmokeTests(PortalServerFixture server)
{
    [Fact]
    public async Task SignInPage_ListsOneDemoUserOfEachPersona()
    {
        var page = await server.Browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.BaseUrl.ToString() });
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/signin"));
        foreach (var name in new[] { "Alice Owner", "Sam Reliability", "Priya Platform", "Dan Database", "Maria Migration", "Sofia Storage" })
            await Assertions.Expect(page.GetByText(name).First).ToBeVisibleAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task HealthEndpoints_AnswerWithoutSignIn()
    {
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        Assert.Equal("Healthy", await http.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await http.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task ClusterPages_NeverShowTheCredentials()
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseUrl.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByTestId("sign-in-priya").ClickAsync();
        await page.GotoAsync("/clusters");
        await Assertions.Expect(page.GetByTestId("cluster-card").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("cluster-card")).ToHaveCountAsync(2);
        var html = await page.ContentAsync();
        await page.GetByTestId("cluster-card").First.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/clusters/[0-9a-f-]{36}"));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        html += await page.ContentAsync();

        var simulators = server.AppServices.GetRequiredService<SimulatedClusterHost>().Clusters;
        Assert.NotEmpty(simulators);
        foreach (var sim in simulators)
            Assert.DoesNotContain(sim.Token, html);
        Assert.DoesNotContain("certificate-authority-data", html);
        await context.CloseAsync();
    }
}
