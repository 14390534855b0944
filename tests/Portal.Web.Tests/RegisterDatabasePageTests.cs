using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Domain.Databases;
using Portal.Application.Security;
using Portal.Web.Components.Pages.Databases;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class RegisterDatabasePageTests : PortalTestContext
{
    private IRenderedComponent<RegisterDatabasePage> RenderPage()
    {
        Principal.Current = Dan;
        var cut = Render<RegisterDatabasePage>();
        cut.WaitForElement("[data-testid=submit-database]");
        return cut;
    }

    private static string ValueOf(IRenderedComponent<RegisterDatabasePage> cut, string testId) =>
        cut.Find($"input[data-testid={testId}]").GetAttribute("value") ?? "";

    private async Task<List<DatabaseTarget>> AllDatabasesAsync()
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        return await db.DatabaseTargets.AsNoTracking().ToListAsync();
    }

    private static void FillManually(IRenderedComponent<RegisterDatabasePage> cut, string secret)
    {
        cut.Find("input[data-testid=database-name]").Input("orders-db");
        cut.Find("input[data-testid=database-service]").Change("orders-db-rw");
        cut.Find("input[data-testid=database-names]").Input("orders");
        cut.Find("input[data-testid=database-secret]").Change(secret);
    }

    [Fact]
    public async Task Discover_CandidateUsed_FillsTheForm()
    {
        var cut = RenderPage();

        await cut.Find("[data-testid=discover-databases]").ClickAsync(new());
        var card = cut.WaitForElement("[data-testid=candidate][data-source-object=shop-db]");
        Assert.Contains("CloudNativePG cluster shop-db · PostgreSQL 16 · Service shop-db-rw:5432 · Secret shop-db-app (username/password)",
            card.TextContent);
        await cut.Find("[data-testid=use-candidate-shop-db]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("shop-db", ValueOf(cut, "database-name")));
        Assert.Equal("shop-db-rw", ValueOf(cut, "database-service"));
        Assert.Equal("5432", ValueOf(cut, "database-port"));
        Assert.Equal("16", ValueOf(cut, "database-version"));
        Assert.Equal("app", ValueOf(cut, "database-names"));
        Assert.Equal("shop-db-app", ValueOf(cut, "database-secret"));
        Assert.Equal("username", ValueOf(cut, "database-username-key"));
        Assert.Equal("password", ValueOf(cut, "database-password-key"));
        cut.Find("[data-testid=filled-from]");
        Assert.Equal(1, DatabaseGateway.DiscoverCalls);
    }

    [Fact]
    public async Task Discover_CandidateUsedAndSubmitted_RegistersAndNavigatesToList()
    {
        var cut = RenderPage();
        await cut.Find("[data-testid=discover-databases]").ClickAsync(new());
        await cut.WaitForElement("[data-testid=use-candidate-shop-db]").ClickAsync(new());

        await cut.Find("[data-testid=submit-database]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.EndsWith("/databases", Services.GetRequiredService<BunitNavigationManager>().Uri));
        var target = Assert.Single(await AllDatabasesAsync());
        Assert.Equal("shop-db", target.Name);
        Assert.Equal(DatabaseSource.CloudNativePgCluster, target.Source);
        Assert.Equal("shop-db-app", target.Credentials.SecretName);
        Assert.Equal(["app"], target.DatabaseNames);
    }

    [Fact]
    public async Task Submit_MissingSecret_ShowsTheMessageAndRegistersNothing()
    {
        var cut = RenderPage();
        FillManually(cut, "orders-db-app");

        await cut.Find("[data-testid=submit-database]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("There is no Secret orders-db-app in namespace shop",
            cut.Find("[data-testid=submit-error]").TextContent));
        Assert.Empty(await AllDatabasesAsync());
        Assert.False(Services.GetRequiredService<BunitNavigationManager>().Uri.EndsWith("/databases"));
    }

    [Fact]
    public async Task Submit_ManualEntryWithMissingKey_NamesTheKeysTheSecretHas()
    {
        var cut = RenderPage();
        FillManually(cut, "shop-db-app");
        cut.Find("input[data-testid=database-password-key]").Change("pw");

        await cut.Find("[data-testid=submit-database]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Secret shop-db-app has no key pw", cut.Find("[data-testid=submit-error]").TextContent));
        Assert.Empty(await AllDatabasesAsync());
    }

    [Fact]
    public async Task Submit_ValidManualEntry_RegistersAndNavigatesToList()
    {
        var cut = RenderPage();
        FillManually(cut, "shop-db-app");

        await cut.Find("[data-testid=submit-database]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.EndsWith("/databases", Services.GetRequiredService<BunitNavigationManager>().Uri));
        var target = Assert.Single(await AllDatabasesAsync());
        Assert.Equal("orders-db", target.Name);
        Assert.Equal("orders-db-rw", target.ServiceName);
        Assert.Equal(DatabaseSource.Manual, target.Source);
    }

    [Fact]
    public void ApplicationOwner_IsOfferedNoNamespace_AndCannotDiscover()
    {
        // Alice owns applications in Webshop's namespaces but may not register databases there.
        Principal.Current = Alice;
        var cut = Render<RegisterDatabasePage>();

        cut.WaitForAssertion(() => Assert.Contains("No namespace where you may register databases", cut.Find("[data-testid=namespaces-empty]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=discover-databases]"));
        Assert.Equal(0, DatabaseGateway.DiscoverCalls);
    }

    [Fact]
    public void Name_InvalidDnsLabel_IsExplainedAsYouType()
    {
        var cut = RenderPage();

        cut.Find("input[data-testid=database-name]").Input("Shop_DB");

        cut.WaitForAssertion(() => Assert.Contains("lower-case", cut.Find("[data-testid=database-form]").TextContent));
    }

    [Fact]
    public async Task Discover_PlainPostgresWithALiteralUser_FillsTheUserItself_NoGuessedKey_AndRegistersIt()
    {
        DatabaseGateway.Candidates.Add(new("shop", "statefulset/pg", DatabaseSource.Workload, DatabaseEngine.PostgreSql, 16, "pg", 5432,
            "pg-secret", null, "POSTGRES_PASSWORD", ["app"], Username: "app"));
        DatabaseGateway.Secrets["shop/pg-secret"] = ["POSTGRES_PASSWORD"];
        var cut = RenderPage();
        await cut.Find("[data-testid=discover-databases]").ClickAsync(new());
        var card = cut.WaitForElement("[data-testid=candidate][data-source-object=\"statefulset/pg\"]");
        Assert.Contains("user app", card.TextContent);
        await cut.Find("[data-testid=\"use-candidate-statefulset/pg\"]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("app", ValueOf(cut, "database-username")));
        Assert.Empty(cut.FindAll("input[data-testid=database-username-key]")); // no "username" key that the Secret does not have
        Assert.Contains("As statefulset/pg sets it in its manifest.", cut.Markup);

        await cut.Find("[data-testid=submit-database]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.EndsWith("/databases", Services.GetRequiredService<BunitNavigationManager>().Uri));
        var target = Assert.Single(await AllDatabasesAsync());
        Assert.Null(target.Credentials.UsernameKey);
        Assert.Equal("app", target.Credentials.Username);
        Assert.Equal("POSTGRES_PASSWORD", target.Credentials.PasswordKey);
    }
}
