using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Features.Access;
using Portal.Application.Features.Protection.Policies;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Protection;
using Portal.Web.Components.Layout;
using Portal.Web.Components.Pages.Protection;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The protection policy pages over the real use cases: the form (cron preview as typed, each error next to its
/// field, saving through the use case, a stale edit) and the list, as Pat, a platform engineer of the whole estate.</summary>
public sealed class ProtectionPolicyPagesTests : PortalTestContext
{
    private CurrentPrincipal _pat = CurrentPrincipal.Anonymous;

    private async Task AsPatAsync()
    {
        await using var db = await OpenAllAsync();
        var pat = new PortalUser("dev:pat", "Pat Platform", "pat@example.org");
        db.Users.Add(pat);
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, pat.Id.ToString(), Persona.PlatformEngineer, ScopeKind.Estate));
        var cluster = await db.Clusters.FirstAsync();
        cluster.RecordCapabilities(cluster.Capabilities with { BackupStorageLocations = [new BackupStorageLocationInfo("default", "Available", true, null)] });
        await db.SaveChangesAsync();
        _pat = new CurrentPrincipal(pat.Id.ToString(), pat.DisplayName, pat.Email, []);
        Principal.Current = _pat;
    }

    private Task<IPortalDbContext> OpenAllAsync() => Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

    private async Task<Guid> CreateGoldAsync(bool grantToWebshop = true)
    {
        var saved = await Services.GetRequiredService<CreateProtectionPolicy>().HandleAsync(new CreateProtectionPolicyCommand("gold", ProtectionTarget.Namespace,
            new ProtectionPolicyInput("business-critical", "0 * * * *", "Europe/Berlin", TimeSpan.FromDays(7), TimeSpan.FromHours(2),
                VolumeProtection.CsiSnapshotsMovedToObjectStorage, null, ["events"], [])));
        var id = saved.ValueOrThrow().Id;
        if (grantToWebshop) (await Services.GetRequiredService<GrantProtectionPolicy>().HandleAsync(new GrantProtectionPolicyCommand(id, TenantId))).ValueOrThrow();
        return id;
    }

    private IRenderedComponent<ProtectionPolicyPage> RenderForm(Guid? id = null)
    {
        var cut = Render<ProtectionPolicyPage>(p => p.Add(x => x.Id, id).Add(x => x.DebounceMilliseconds, 0));
        cut.WaitForElement("[data-testid=save-policy]");
        return cut;
    }

    private static IElement Input(IRenderedComponent<ProtectionPolicyPage> cut, string testId) =>
        cut.Find($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea");

    private async Task<List<ProtectionPolicy>> PoliciesAsync()
    {
        await using var db = await OpenAllAsync();
        return await db.ProtectionPolicies.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task Cron_Typed_PreviewsTheNextFiveRunsInTheChosenZone()
    {
        await AsPatAsync();
        var cut = RenderForm();
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=cron-run]").Count));

        Input(cut, "cron-expression").Input("30 3 * * *");

        cut.WaitForAssertion(() => Assert.All(cut.FindAll("[data-testid=cron-run]"), r => Assert.Contains("03:30 (UTC+00:00)", r.TextContent)));
        Assert.Equal(5, cut.FindAll("[data-testid=cron-run]").Count);
    }

    [Theory]
    [InlineData("0 3 * *", "five fields")]
    [InlineData("0 3 L * *", "uses L, W or #")]
    public async Task Cron_Bad_IsExplainedNextToTheFieldAndSaveIsRefused(string cron, string expected)
    {
        await AsPatAsync();
        var cut = RenderForm();
        Input(cut, "policy-name").Input("gold");

        Input(cut, "cron-expression").Input(cron);
        cut.WaitForAssertion(() => Assert.Contains(expected, cut.Find("[data-testid=cron-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=cron-run]"));
        await cut.Find("[data-testid=save-policy]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains(expected, cut.Find("[data-testid=submit-error]").TextContent));
        Assert.Empty(await PoliciesAsync());
    }

    [Fact]
    public async Task Zone_Unknown_IsExplainedNextToTheField()
    {
        await AsPatAsync();
        var cut = RenderForm();

        var zone = Input(cut, "cron-timezone");
        zone.Input("Mars/Olympus_Mons");
        zone.Blur();

        cut.WaitForAssertion(() => Assert.Contains("'Mars/Olympus_Mons' is not an IANA time zone", cut.Find("[data-testid=cron-error]").TextContent));
    }

    [Fact]
    public async Task Hook_BadSelector_IsExplainedUnderThatHook()
    {
        await AsPatAsync();
        var cut = RenderForm();
        await cut.Find("[data-testid=hook-add]").ClickAsync(new());

        Input(cut, "hook-command").Input("fsfreeze\n--freeze\n/data");
        Input(cut, "hook-selector").Input("app");

        cut.WaitForAssertion(() => Assert.Equal("Hook freeze: the pod selector \"app\" is not key=value (write app=shop-db, or several separated by commas).",
            cut.Find("[data-testid=hook-error]").TextContent.Trim()));
        Input(cut, "hook-selector").Input("app=shop-db");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=hook-error]")));
    }

    [Theory]
    [InlineData("policy-retention", "abc", "'abc' is not a whole number")]
    [InlineData("policy-rpo", "0", "must be at least 1 hours (you typed 0)")]
    public async Task Number_Bad_IsExplainedNextToTheFieldAndNothingIsSaved(string field, string typed, string expected)
    {
        await AsPatAsync();
        var cut = RenderForm();
        Input(cut, "policy-name").Input("gold");

        Input(cut, field).Change(typed);
        cut.WaitForAssertion(() => Assert.Contains(expected, cut.Markup));
        Assert.Equal(typed, Input(cut, field).GetAttribute("value"));
        await cut.Find("[data-testid=save-policy]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("not a valid number", cut.Find("[data-testid=submit-error]").TextContent));
        Assert.Empty(await PoliciesAsync());
    }

    [Fact]
    public async Task Save_NewPolicy_CallsTheUseCaseAndOpensThePolicy()
    {
        await AsPatAsync();
        var cut = RenderForm();
        Input(cut, "policy-name").Input("gold");
        Input(cut, "cron-expression").Input("15 * * * *");
        Input(cut, "policy-excluded-input").Input("events\nsecrets");

        await cut.Find("[data-testid=save-policy]").ClickAsync(new());

        var policy = Assert.Single(await PoliciesAsync());
        Assert.Equal(("gold", "15 * * * *", "Etc/UTC", TimeSpan.FromDays(7), TimeSpan.FromHours(2)),
            (policy.Name, policy.Cron, policy.TimeZone, policy.Retention, policy.TargetRpo));
        Assert.Equal(["events", "secrets"], policy.ExcludedResources);
        cut.WaitForAssertion(() => Assert.EndsWith($"/protection/policies/{policy.Id}", Services.GetRequiredService<BunitNavigationManager>().Uri));
    }

    [Fact]
    public async Task Save_CountSnapshotsSwitchedOn_ThePolicyCountsThem_OffByDefault()
    {
        await AsPatAsync();
        var cut = RenderForm();
        var toggle = cut.Find("[data-testid=policy-count-snapshots] input, input[data-testid=policy-count-snapshots]");
        Assert.False(toggle.HasAttribute("checked"));
        Input(cut, "policy-name").Input("gold");

        toggle.Change(true);
        await cut.Find("[data-testid=save-policy]").ClickAsync(new());

        var policy = Assert.Single(await PoliciesAsync());
        Assert.True(policy.CountsSnapshots);
        await using var db = await OpenAllAsync();
        Assert.Contains(await db.AuditEvents.AsNoTracking().ToListAsync(), e => e.Summary.Contains("CSI snapshots count as recovery points", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Save_NewPolicyUntouched_DoesNotCountSnapshots()
    {
        await AsPatAsync();
        var cut = RenderForm();
        Input(cut, "policy-name").Input("silver");

        await cut.Find("[data-testid=save-policy]").ClickAsync(new());

        Assert.False(Assert.Single(await PoliciesAsync()).CountsSnapshots);
    }

    [Fact]
    public async Task Save_RpoTheRunsCannotMeet_ShowsTheUseCasesWords()
    {
        await AsPatAsync();
        var cut = RenderForm();
        Input(cut, "policy-name").Input("gold");
        Input(cut, "cron-expression").Input("0 2 * * *");

        await cut.Find("[data-testid=save-policy]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("a target RPO of 2 hours would be missed", cut.Find("[data-testid=submit-error]").TextContent));
        Assert.Empty(await PoliciesAsync());
    }

    [Fact]
    public async Task Save_SomeoneElseChangedItMeanwhile_IsRefusedInWords()
    {
        await AsPatAsync();
        var id = await CreateGoldAsync();
        var cut = RenderForm(id);
        var opened = (await Services.GetRequiredService<GetProtectionPolicy>().HandleAsync(new GetProtectionPolicyQuery(id))).ValueOrThrow();
        (await Services.GetRequiredService<ChangeProtectionPolicy>().HandleAsync(new ChangeProtectionPolicyCommand(id, opened.Policy.Version,
            new ProtectionPolicyInput(null, "45 * * * *", "Etc/UTC", TimeSpan.FromDays(7), TimeSpan.FromHours(2), VolumeProtection.CsiSnapshots, null, [], [])))).ValueOrThrow();

        Input(cut, "cron-expression").Input("30 * * * *");
        await cut.Find("[data-testid=save-policy]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Someone else changed policy gold since you opened it", cut.Find("[data-testid=submit-error]").TextContent));
        Assert.Equal("45 * * * *", Assert.Single(await PoliciesAsync()).Cron);
    }

    [Fact]
    public async Task Edit_UnknownLocation_WarnsAndStillSaves()
    {
        await AsPatAsync();
        var id = await CreateGoldAsync();
        var cut = RenderForm(id);

        var location = Input(cut, "policy-location");
        location.Input("offsite");
        location.Blur();
        cut.WaitForAssertion(() => Assert.Contains("No registered cluster reports a backup storage location named offsite (they report default)",
            cut.Find("[data-testid=location-warning]").TextContent));
        await cut.Find("[data-testid=save-policy]").ClickAsync(new());

        cut.WaitForAssertion(() => cut.Find("[data-testid=save-warning]"));
        Assert.Equal("offsite", Assert.Single(await PoliciesAsync()).StorageLocation);
    }

    [Fact]
    public async Task Tenants_Revoke_ChangesTheGrant()
    {
        await AsPatAsync();
        var id = await CreateGoldAsync();
        var cut = RenderForm(id);
        cut.WaitForElement("[data-testid=policy-tenant][data-tenant=Webshop]");

        await cut.Find("[data-testid=policy-tenant][data-tenant=Webshop] input[type=checkbox]").ChangeAsync(new() { Value = false });

        cut.WaitForAssertion(async () =>
        {
            await using var db = await OpenAllAsync();
            Assert.Empty(await db.ProtectionPolicyGrants.ToListAsync());
        });
    }

    [Fact]
    public async Task Retire_TenantsMinimum_IsRefusedInWords_ThenNeedsTheTypedName()
    {
        await AsPatAsync();
        var id = await CreateGoldAsync();
        (await Services.GetRequiredService<SetTenantProtectionMinimum>().HandleAsync(new SetTenantProtectionMinimumCommand(TenantId, id))).ValueOrThrow();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = RenderForm(id);

        async Task RetireAsync(string typed)
        {
            var asking = cut.InvokeAsync(() => cut.Find("[data-testid=retire-policy]").Click());
            dialogs.WaitForElement("[data-testid=confirm-typed]");
            dialogs.Find("input[data-testid=confirm-typed], [data-testid=confirm-typed] input").Input(typed);
            dialogs.WaitForAssertion(() => Assert.Equal(typed != "gold", dialogs.Find("[data-testid=confirm-ok]").HasAttribute("disabled")));
            if (typed == "gold") await dialogs.Find("[data-testid=confirm-ok]").ClickAsync(new());
            else await dialogs.Find("[data-testid=confirm-cancel]").ClickAsync(new());
            await asking;
        }

        await RetireAsync("gol");
        Assert.Null(Assert.Single(await PoliciesAsync()).RetiredAt);
        await RetireAsync("gold");
        cut.WaitForAssertion(() => Assert.Equal("gold is the minimum of Webshop: choose another minimum for that tenant first.",
            cut.Find("[data-testid=submit-error]").TextContent.Trim()));

        (await Services.GetRequiredService<SetTenantProtectionMinimum>().HandleAsync(new SetTenantProtectionMinimumCommand(TenantId, null))).ValueOrThrow();
        await RetireAsync("gold");
        cut.WaitForElement("[data-testid=retired-chip]");
        Assert.NotNull(Assert.Single(await PoliciesAsync()).RetiredAt);
        Assert.Empty(cut.FindAll("[data-testid=save-policy]"));
    }

    [Fact]
    public async Task Open_AsTenantsSre_ShowsThePolicyReadOnly()
    {
        await AsPatAsync();
        var id = await CreateGoldAsync();
        Principal.Current = Sam;

        var cut = Render<ProtectionPolicyPage>(p => p.Add(x => x.Id, id).Add(x => x.DebounceMilliseconds, 0));

        cut.WaitForAssertion(() => Assert.Contains("You cannot change this policy", cut.Find("[data-testid=policy-read-only]").TextContent));
        Assert.Equal("every hour at :00 (Europe/Berlin) 0 * * * *", Text(cut.Find("[data-testid=policy-schedule]")));
        Assert.Empty(cut.FindAll("[data-testid=save-policy]"));
        Assert.Empty(cut.FindAll("[data-testid=retire-policy]"));
        Assert.Empty(cut.FindAll("[data-testid=hook-add]"));
        Assert.True(cut.Find("[data-testid=policy-tenant][data-tenant=Webshop] input[type=checkbox]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task New_AsTenantsSre_SaysWhomToAsk()
    {
        await AsPatAsync();
        Principal.Current = Sam;

        var cut = Render<ProtectionPolicyPage>(p => p.Add(x => x.Id, (Guid?)null));

        cut.WaitForAssertion(() => Assert.Contains("You cannot make protection policies here", cut.Find("[data-testid=not-allowed]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=policy-form]"));
    }

    [Fact]
    public async Task List_NoPolicies_ShowsTheEmptyStateWithWhatToDo()
    {
        await AsPatAsync();
        var cut = Render<ProtectionPolicies>();

        cut.WaitForAssertion(() => Assert.Contains("Make one, e.g. gold", cut.Find("[data-testid=no-policies]").TextContent));
        cut.Find("[data-testid=new-policy]");
    }

    [Fact]
    public async Task List_WithAPolicy_ShowsItInWordsWithItsTenantsAndMinimum()
    {
        await AsPatAsync();
        await CreateGoldAsync();
        var cut = Render<ProtectionPolicies>();

        cut.WaitForElement("[data-testid=policy-list]");
        Assert.Equal("every hour at :00 (Europe/Berlin)", Text(cut.Find("[data-testid=policy-schedule]")));
        Assert.Equal("7 days", Text(cut.Find("[data-testid=policy-retention]")));
        Assert.Equal("2 hours", Text(cut.Find("[data-testid=policy-rpo]")));
        Assert.Equal("Webshop", Text(cut.Find("[data-testid=policy-tenants]")));
        Assert.Equal("0", Text(cut.Find("[data-testid=policy-namespaces]")));
        cut.Find("[data-testid=tenant-minimum][data-tenant=Webshop] [data-testid=minimum-select]");
        Assert.Contains("its target RPO is no longer", cut.Find("[data-testid=or-better]").TextContent);
    }

    [Fact]
    public async Task List_AsOwnerOfATenantWithoutPolicies_SaysWhomToAsk()
    {
        await AsPatAsync();
        await CreateGoldAsync(grantToWebshop: false);
        Principal.Current = Alice;
        var cut = Render<ProtectionPolicies>();

        cut.WaitForAssertion(() => Assert.Contains("None of your tenants may use a policy yet", cut.Find("[data-testid=no-policies]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=new-policy]"));
        Assert.Equal("no minimum", Text(cut.Find("[data-testid=minimum-name]")));
    }

    [Fact]
    public async Task TenantPage_SaysItsMinimumAndWhatItMayUse()
    {
        await AsPatAsync();
        var id = await CreateGoldAsync();
        (await Services.GetRequiredService<SetTenantProtectionMinimum>().HandleAsync(new SetTenantProtectionMinimumCommand(TenantId, id))).ValueOrThrow();

        var cut = Render<Portal.Web.Components.Pages.Tenants.TenantDetails>(p => p.Add(x => x.Id, TenantId));

        cut.WaitForAssertion(() => Assert.StartsWith("Every namespace must be on gold or better. May use: gold.", Text(cut.Find("[data-testid=tenant-protection]"))));
    }

    [Fact]
    public async Task NavMenu_PlatformEngineerOnly_OffersProtectionPolicies()
    {
        await AsPatAsync();
        var access = (await Services.GetRequiredService<GetMyAccess>().HandleAsync(new GetMyAccessQuery())).ValueOrThrow();
        Render<NavMenu>(p => p.Add(x => x.Access, access)).Find("[data-testid=nav-protection-policies]");

        Principal.Current = Sam;
        var sre = (await Services.GetRequiredService<GetMyAccess>().HandleAsync(new GetMyAccessQuery())).ValueOrThrow();
        Assert.Empty(Render<NavMenu>(p => p.Add(x => x.Access, sre)).FindAll("[data-testid=nav-protection-policies]"));
    }

    private static string Text(IElement e) => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ").Trim();
}
