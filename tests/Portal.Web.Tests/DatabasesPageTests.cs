using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Access;
using Portal.Application.Features.Databases;
using Portal.Application.Security;
using Portal.Domain.Databases;
using Portal.Web.Components.Layout;
using Portal.Web.Components.Pages.Databases;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class DatabasesPageTests : PortalTestContext
{
    private async Task<MyAccess> AccessOfAsync(CurrentPrincipal who)
    {
        Principal.Current = who;
        return (await Services.GetRequiredService<GetMyAccess>().HandleAsync(new GetMyAccessQuery())).ValueOrThrow();
    }

    private async Task<IRenderedComponent<DatabaseList>> RenderListAsAsync(CurrentPrincipal who)
    {
        var access = await AccessOfAsync(who);
        var cut = Render<DatabaseList>(p => p.AddCascadingValue(access));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=loading]")));
        return cut;
    }

    private async Task RegisterShopDbAsDanAsync()
    {
        Principal.Current = Dan;
        var result = await Services.GetRequiredService<RegisterDatabase>().HandleAsync(new RegisterDatabaseCommand(ShopNamespaceId, "shop-db",
            DatabaseEngine.PostgreSql, "shop-db-rw", 5432, ["app", "reporting"], "shop-db-app", "username", "password", 16,
            DatabaseSource.CloudNativePgCluster, "shop-db"));
        result.ValueOrThrow();
    }

    [Fact]
    public async Task Render_RegisteredDatabase_ShowsItsFactsButNeverASecretValue()
    {
        await RegisterShopDbAsDanAsync();

        var cut = await RenderListAsAsync(Dan);

        var row = cut.Find("[data-testid=database-row][data-database=shop-db]");
        Assert.Contains("PostgreSQL 16", row.QuerySelector("[data-testid=database-engine]")!.TextContent);
        Assert.Contains("prod-east / shop", row.QuerySelector("[data-testid=database-location]")!.TextContent);
        Assert.Contains("shop-db-rw.shop.svc:5432", row.QuerySelector("[data-testid=database-host]")!.TextContent);
        Assert.Contains("reporting", row.QuerySelector("[data-testid=database-names]")!.TextContent);
        Assert.Contains("shop-db-app", row.QuerySelector("[data-testid=database-secret]")!.TextContent);
        Assert.Contains("CloudNativePG cluster shop-db", row.QuerySelector("[data-testid=database-source]")!.TextContent);
        Assert.DoesNotContain(FakeDatabaseWorkloadGateway.SecretPasswordValue, cut.Markup);
        Assert.DoesNotContain("pgpass", cut.Markup); // not even the Secret's other key names
        Assert.Empty(cut.FindAll("[data-testid=databases-empty]"));
    }

    [Fact]
    public async Task Render_NoDatabasesAsDatabaseEngineer_ShowsEmptyStateAndRegisterButton()
    {
        var cut = await RenderListAsAsync(Dan);

        cut.Find("[data-testid=databases-empty]");
        Assert.Equal("/databases/register", cut.Find("[data-testid=register-database]").GetAttribute("href"));
    }

    [Fact]
    public async Task Render_ApplicationOwner_SeesDatabasesButNoRegisterButton()
    {
        await RegisterShopDbAsDanAsync();

        var cut = await RenderListAsAsync(Alice);

        cut.Find("[data-testid=database-row][data-database=shop-db]");
        Assert.Empty(cut.FindAll("[data-testid=register-database]"));
    }

    [Fact]
    public async Task Render_ListPage_OffersTheSchedulePreview()
    {
        var cut = await RenderListAsAsync(Dan);

        var card = cut.Find("[data-testid=schedule-preview-card]");
        Assert.Contains("Schedule preview", card.TextContent);
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=cron-run]").Count));
    }

    [Fact]
    public async Task NavMenu_DatabaseEngineer_OffersDatabases()
    {
        var access = await AccessOfAsync(Dan);

        var cut = Render<NavMenu>(p => p.Add(x => x.Access, access));

        Assert.Equal("/databases", cut.Find("[data-testid=nav-databases]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=nav-tenants]"));
    }

    [Fact]
    public void NavMenu_NoAccess_HidesDatabases()
    {
        var cut = Render<NavMenu>(p => p.Add(x => x.Access, null));

        Assert.Empty(cut.FindAll("[data-testid=nav-databases]"));
    }
}
