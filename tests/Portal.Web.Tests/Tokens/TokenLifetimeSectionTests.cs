using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Features.Tenants;
using Portal.Application.Security;
using Portal.Web.Components.Pages.Tenants;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests.Tokens;

/// <summary>The tenant page's token lifetime field: what is typed is read as typed (a word refused next to the field, never
/// turned into a number), and the use case decides who may set it.</summary>
public sealed class TokenLifetimeSectionTests : PortalTestContext
{
    private static IElement Input(IElement box) => box.TagName == "INPUT" ? box : box.QuerySelector("input")!;

    private IRenderedComponent<TokenLifetimeSection> RenderSection(bool mayChange) =>
        Render<TokenLifetimeSection>(p => p.Add(x => x.Tenant, new TenantView(TenantId, "webshop", "Webshop", 1, 90)).Add(x => x.MayChange, mayChange));

    private async Task<int?> StoredDaysAsync()
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        return await db.Tenants.Where(t => t.Id == TenantId).Select(t => t.MaxTokenLifetimeDays).SingleAsync();
    }

    [Fact]
    public async Task AWordForTheDays_IsRefusedNextToTheField_AndLeftAsTyped()
    {
        var cut = RenderSection(mayChange: true);
        Input(cut.Find("[data-testid='token-lifetime-days']")).Change("a month");
        cut.Find("[data-testid='token-lifetime-save']").Click();

        var field = cut.Find("[data-testid='token-lifetime-days']").Closest(".mud-input-control")!;
        cut.WaitForAssertion(() => Assert.Contains("Enter a whole number of days, such as 30 ('a month' is not one).", field.TextContent));
        Assert.Equal("a month", Input(cut.Find("[data-testid='token-lifetime-days']")).GetAttribute("value"));
        Assert.Null(await StoredDaysAsync());
    }

    [Fact]
    public async Task AnApplicationOwner_IsRefusedByTheUseCase_EvenWithTheFieldShown()
    {
        Principal.Current = Alice;
        var cut = RenderSection(mayChange: true);
        Input(cut.Find("[data-testid='token-lifetime-days']")).Change("20");
        cut.Find("[data-testid='token-lifetime-save']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Only platform engineers can limit how long tokens live.", cut.Markup));
        Assert.Null(await StoredDaysAsync());
        Assert.Contains("ask", RenderSection(mayChange: false).Find("[data-testid='token-lifetime-read-only']").TextContent);
    }
}
