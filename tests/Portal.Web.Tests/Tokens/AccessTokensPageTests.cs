using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Features.Tokens;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Tenants;
using Portal.Web.Components.Pages.Tokens;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests.Tokens;

/// <summary>The Access tokens page over the real use cases: the secret shown once, rights offered only from the user's own, an
/// expiry beyond the tenant's maximum refused next to its field, revoking asks first, and when each token was last used.</summary>
public sealed class AccessTokensPageTests : PortalTestContext
{
    private static IElement Input(IElement box) => box.TagName == "INPUT" ? box : box.QuerySelector("input")!;

    private static string FieldText(IRenderedComponent<AccessTokens> cut, string testId) =>
        (cut.Find($"[data-testid='{testId}']").Closest(".mud-input-control") ?? cut.Find($"[data-testid='{testId}']").ParentElement!).TextContent;

    private IRenderedComponent<AccessTokens> RenderPage()
    {
        var cut = Render<AccessTokens>();
        cut.WaitForElement("[data-testid='token-create']");
        return cut;
    }

    private static void Fill(IRenderedComponent<AccessTokens> cut, string name, int days, params Permission[] rights)
    {
        Input(cut.Find("[data-testid='token-name']")).Change(name);
        Input(cut.Find("[data-testid='token-days']")).Change(days.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var right in rights) Input(cut.Find($"[data-testid='token-right-Webshop-{right}']")).Change(true);
    }

    private async Task<List<AccessToken>> TokensAsync()
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        return await db.AccessTokens.AsNoTracking().ToListAsync();
    }

    private async Task<(Guid Id, string Secret)> MakeTokenAsync(string name)
    {
        var made = await Services.GetRequiredService<CreateAccessToken>().HandleAsync(
            new CreateAccessTokenCommand(name, [new TokenScope(Permission.ViewTenant, TenantId)], 30));
        return (made.ValueOrThrow().Token.Id, made.ValueOrThrow().Secret);
    }

    [Fact]
    public async Task Create_ShowsTheSecretOnce_AndNeverAgainAfterAReload()
    {
        var cut = RenderPage();
        Fill(cut, "release pipeline", 30, Permission.ViewTenant, Permission.RequestBackup);
        cut.Find("[data-testid='token-create']").Click();

        var secret = cut.WaitForElement("[data-testid='token-secret-alert']") is not null
            ? Input(cut.Find("[data-testid='token-secret']")).GetAttribute("value")! : "";
        Assert.StartsWith(AccessToken.Prefix, secret);
        Assert.Contains("cannot show it again", cut.Find("[data-testid='token-secret-alert']").TextContent);
        var stored = Assert.Single(await TokensAsync());
        Assert.Equal(AccessToken.Hash(secret), stored.SecretHash);
        Assert.Equal([Permission.ViewTenant, Permission.RequestBackup], stored.Scopes.Select(s => s.Permission).Order().ToArray());

        var reloaded = RenderPage();
        reloaded.WaitForElement("[data-testid='token-row']");
        Assert.DoesNotContain(secret, reloaded.Markup);
        Assert.Empty(reloaded.FindAll("[data-testid='token-secret-alert']"));
        Assert.Contains(stored.Hint, reloaded.Find("[data-testid='token-row']").TextContent);
    }

    [Fact]
    public async Task RightsOffered_AreOnlyTheUsersOwn_PerTenant()
    {
        await using (var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            db.Tenants.Add(new Tenant("billing", "Billing")); // Alice holds nothing there
            await db.SaveChangesAsync();
        }

        var alice = RenderPage();
        var offered = alice.FindAll("[data-testid^='token-right-']").Select(e => e.GetAttribute("data-testid")).ToHashSet();
        Assert.Contains("token-right-Webshop-RequestBackup", offered);
        Assert.Contains("token-right-Webshop-ViewTenant", offered);
        Assert.DoesNotContain("token-right-Webshop-ApproveBackup", offered); // an application owner does not approve
        Assert.DoesNotContain("token-right-Webshop-ApproveRestore", offered);
        Assert.DoesNotContain(offered, id => id!.StartsWith("token-right-Billing-", StringComparison.Ordinal));

        Principal.Current = Sam;
        var sam = RenderPage();
        Assert.NotEmpty(sam.FindAll("[data-testid='token-right-Webshop-ApproveBackup']"));
    }

    [Fact]
    public async Task Expiry_BeyondTheTenantsMaximum_IsRefusedNextToTheField_AndNoTokenIsMade()
    {
        await using (var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            (await db.Tenants.SingleAsync(t => t.Id == TenantId)).LimitTokenLifetime(10);
            await db.SaveChangesAsync();
        }
        var cut = RenderPage();
        Assert.Contains("tokens live at most 10 days", cut.Markup);
        Fill(cut, "too long", 30, Permission.ViewTenant);
        cut.Find("[data-testid='token-create']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Webshop allows at most 10", FieldText(cut, "token-days")));
        Assert.DoesNotContain("Webshop allows at most 10", FieldText(cut, "token-name"));
        Assert.Empty(cut.FindAll("[data-testid='token-secret-alert']"));
        Assert.Empty(await TokensAsync());
        Assert.Equal("30", Input(cut.Find("[data-testid='token-days']")).GetAttribute("value")); // left as typed, not clamped
    }

    [Fact]
    public async Task Revoke_AsksForConfirmation_GoingBackKeepsTheToken()
    {
        var (id, _) = await MakeTokenAsync("deploy script");
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPage();

        var asking = cut.InvokeAsync(() => cut.Find("[data-testid='token-revoke-deploy script']").Click());
        dialogs.WaitForElement("[data-testid='confirm-dialog']");
        Assert.Contains("refused from its next call", dialogs.Markup);
        await dialogs.Find("[data-testid='confirm-cancel']").ClickAsync(new());
        await asking;
        Assert.Null((await TokensAsync()).Single(t => t.Id == id).RevokedAt);

        var revoking = cut.InvokeAsync(() => cut.Find("[data-testid='token-revoke-deploy script']").Click());
        dialogs.WaitForElement("[data-testid='confirm-ok']");
        await dialogs.Find("[data-testid='confirm-ok']").ClickAsync(new());
        await revoking;

        Assert.NotNull((await TokensAsync()).Single(t => t.Id == id).RevokedAt);
        cut.WaitForAssertion(() => Assert.Contains("revoked by Alice Owner", cut.Find("[data-testid='token-row']").TextContent));
        Assert.Empty(cut.FindAll("[data-testid='token-revoke-deploy script']"));
    }

    [Fact]
    public async Task LastUsed_IsShown_NeverForAnUnusedToken()
    {
        var (_, usedSecret) = await MakeTokenAsync("used");
        await MakeTokenAsync("unused");
        var signedIn = await Services.GetRequiredService<AuthenticateAccessToken>().HandleAsync(new AuthenticateAccessTokenCommand(usedSecret));
        Assert.True(signedIn.IsSuccess);

        var cut = RenderPage();

        static string LastUsed(IElement row) => row.QuerySelector("[data-testid='token-last-used']")!.TextContent.Trim();
        var rows = cut.FindAll("[data-testid='token-row']").ToDictionary(r => r.GetAttribute("data-name")!);
        Assert.Equal("just now", LastUsed(rows["used"]));
        Assert.Equal("never", LastUsed(rows["unused"]));
    }
}
