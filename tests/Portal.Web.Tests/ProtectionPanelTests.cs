using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Protection;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Namespaces;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The Protection panel of a namespace's page: what it offers in each state and to whom, the typed
/// confirmation of a removal and the pause dialog's checks, over the real use cases.</summary>
public sealed class ProtectionPanelTests : PortalTestContext
{
    private async Task<(ProtectionPolicy Gold, ProtectionPolicy Bronze)> PoliciesAsync()
    {
        var now = DateTimeOffset.UtcNow;
        ProtectionPolicy Make(string name, string cron, int rpoHours) => new(name, ProtectionTarget.Namespace,
            new ProtectionPolicySettings(cron, "Europe/Berlin", TimeSpan.FromDays(7), TimeSpan.FromHours(rpoHours), VolumeProtection.CsiSnapshots, null, [], []), "priya", now);
        var gold = Make("gold", "0 * * * *", 2);
        var bronze = Make("bronze", "0 2 * * *", 26);
        var hidden = Make("platinum", "*/15 * * * *", 1);
        var retired = Make("silver", "0 */4 * * *", 5);
        retired.Retire(now);
        await using var db = await OpenAsync();
        db.ProtectionPolicies.AddRange(gold, bronze, hidden, retired);
        db.ProtectionPolicyGrants.AddRange(new ProtectionPolicyGrant(TenantId, gold.Id, "priya", now), new ProtectionPolicyGrant(TenantId, bronze.Id, "priya", now),
            new ProtectionPolicyGrant(TenantId, retired.Id, "priya", now));
        await db.SaveChangesAsync();
        return (gold, bronze);
    }

    private async Task<NamespaceProtection> ProtectedAsync(ProtectionPolicy policy, Action<NamespaceProtection>? also = null)
    {
        await using var db = await OpenAsync();
        var ns = await db.TenantNamespaces.FirstAsync(n => n.Id == ShopNamespaceId);
        var p = new NamespaceProtection(TenantId, ns.ClusterId, "shop", policy, "Alice Owner", DateTimeOffset.UtcNow);
        p.RecordApplied(policy, Guid.NewGuid(), "hash", DateTimeOffset.UtcNow);
        also?.Invoke(p);
        db.NamespaceProtections.Add(p);
        await db.SaveChangesAsync();
        return p;
    }

    private Task<IPortalDbContext> OpenAsync() => Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

    private IRenderedComponent<ProtectionPanel> RenderPanelAs(CurrentPrincipal who)
    {
        Principal.Current = who;
        var cut = Render<ProtectionPanel>(p => p.Add(x => x.TenantNamespaceId, ShopNamespaceId));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.View));
        return cut;
    }

    [Fact]
    public async Task Unprotected_OffersOnlyTheTenantsLivePolicies_AndProtectGoesToTheQueueByDefaultAndOpensTheRequest()
    {
        var (gold, _) = await PoliciesAsync();
        var cut = RenderPanelAs(Alice);

        cut.Find("[data-testid=protection-none]");
        Assert.Equal(["bronze", "gold"], cut.Instance.View!.Policies.Select(p => p.Name));
        Assert.True(cut.Find("[data-testid=protection-protect]").HasAttribute("disabled")); // nothing chosen yet
        await cut.InvokeAsync(() => cut.Instance.ChosenPolicy = gold.Id);
        cut.Render();
        Assert.Contains("0 * * * * (Europe/Berlin), keeps 168 hours, RPO 2 hours, CSI snapshots", cut.Find("[data-testid=protection-policy-summary]").TextContent);
        await cut.Find("[data-testid=protection-protect]").ClickAsync(new());

        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal((RequestKind.ProtectionChange, RequestStatus.Queued), (request.Kind, request.Status)); // no approval unless the tenant asks for one
        Assert.Equal(ProtectionChangeKind.Protect, request.ParametersAs<ProtectionChangeParameters>().Change);
        Assert.EndsWith($"/requests/{request.Id}", Services.GetRequiredService<BunitNavigationManager>().Uri);
        await using var db = await OpenAsync();
        Assert.Empty(await db.NamespaceProtections.ToListAsync()); // written by the executor, not by the page
    }

    [Fact]
    public void Unprotected_WithoutAnyPolicyOffered_SaysSoAndWhoGrantsThem()
    {
        var cut = RenderPanelAs(Alice);

        Assert.Contains("A platform engineer grants policies to tenants", cut.Find("[data-testid=protection-no-policies]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=protection-protect]"));
    }

    [Fact]
    public async Task PausedAndDrifted_ShowsWhoWhyUntilAndTheDrift_OffersResumeAndPutBack()
    {
        var (gold, _) = await PoliciesAsync();
        var until = DateTimeOffset.UtcNow.AddDays(1);
        await ProtectedAsync(gold, p =>
        {
            p.Pause("Sam Reliability", "database upgrade", until, DateTimeOffset.UtcNow);
            p.RecordDrift(ScheduleDrift.Changed, "schedule is \"0 3 * * *\" on the cluster", DateTimeOffset.UtcNow);
        });

        var cut = RenderPanelAs(Alice);

        Assert.Equal("gold", cut.Find("[data-testid=protection-policy]").TextContent);
        var paused = cut.Find("[data-testid=protection-paused]").TextContent;
        Assert.Contains("Paused by Sam Reliability: database upgrade.", paused);
        Assert.Contains($"Resumes by itself at {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC", paused);
        Assert.Contains("Someone changed the Schedule on the cluster", cut.Find("[data-testid=protection-drift]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=protection-pause]"));

        await cut.Find("[data-testid=protection-put-back]").ClickAsync(new());

        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal(ProtectionChangeKind.PutBack, request.ParametersAs<ProtectionChangeParameters>().Change);
    }

    [Fact]
    public async Task Remove_NeedsTheNamespaceTypedBeforeItCanBeConfirmed()
    {
        var (gold, _) = await PoliciesAsync();
        await ProtectedAsync(gold);
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPanelAs(Alice);

        var removing = cut.InvokeAsync(() => cut.Find("[data-testid=protection-remove]").Click());
        var ok = dialogs.WaitForElement("[data-testid=confirm-ok]");
        Assert.True(ok.HasAttribute("disabled"));
        dialogs.Find("input[data-testid=confirm-typed], [data-testid=confirm-typed] input").Input("sho");
        dialogs.WaitForAssertion(() => Assert.True(dialogs.Find("[data-testid=confirm-ok]").HasAttribute("disabled")));
        Assert.Empty(await AllRequestsAsync());

        dialogs.Find("input[data-testid=confirm-typed], [data-testid=confirm-typed] input").Input("shop");
        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("[data-testid=confirm-ok]").HasAttribute("disabled")));
        await dialogs.Find("[data-testid=confirm-ok]").ClickAsync(new());
        await removing;

        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal(ProtectionChangeKind.Remove, request.ParametersAs<ProtectionChangeParameters>().Change);
    }

    [Fact]
    public async Task Remove_WhileTheTenantHasAMinimum_IsOffSayingWhyAndWhoCanLiftIt()
    {
        var (gold, _) = await PoliciesAsync();
        await ProtectedAsync(gold);
        await using (var db = await OpenAsync())
        {
            (await db.Tenants.FirstAsync(t => t.Id == TenantId)).RequireProtection(gold.Id);
            await db.SaveChangesAsync();
        }

        var cut = RenderPanelAs(Alice);

        var remove = cut.Find("[data-testid=protection-remove]");
        Assert.True(remove.HasAttribute("disabled"));
        Assert.Contains("requires gold or better", remove.GetAttribute("title"));
        Assert.Contains("platform engineer", remove.GetAttribute("title"));
        Assert.Empty(cut.FindAll("[data-testid=protection-minimum]")); // gold meets gold
    }

    [Theory]
    [InlineData("", "tomorrow", "Say why the protection is paused.", "is not a time written as yyyy-MM-dd HH:mm")]
    [InlineData("upgrade", "2001-01-01 06:00", null, "A pause must end in the future")]
    public async Task Pause_BadInput_IsExplainedNextToTheFieldAndNothingIsRequested(string reason, string until, string? reasonError, string untilError)
    {
        var (gold, _) = await PoliciesAsync();
        await ProtectedAsync(gold);
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPanelAs(Alice);

        var pausing = cut.InvokeAsync(() => cut.Find("[data-testid=protection-pause]").Click());
        dialogs.WaitForElement("[data-testid=pause-ok]");
        if (reason.Length > 0) dialogs.Find("[data-testid=pause-reason] textarea, textarea[data-testid=pause-reason]").Input(reason);
        dialogs.Find("input[data-testid=pause-until], [data-testid=pause-until] input").Input(until);
        await dialogs.Find("[data-testid=pause-ok]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains(untilError, dialogs.Markup));
        if (reasonError is not null) Assert.Contains(reasonError, dialogs.Markup);
        Assert.Equal(until, dialogs.Find("input[data-testid=pause-until], [data-testid=pause-until] input").GetAttribute("value"));
        Assert.Empty(await AllRequestsAsync());
        await dialogs.Find("[data-testid=pause-cancel]").ClickAsync(new());
        await pausing;
    }

    [Fact]
    public async Task Pause_WithWhyAndUntil_AsksForThePauseAndOpensTheRequest()
    {
        var (gold, _) = await PoliciesAsync();
        await ProtectedAsync(gold);
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPanelAs(Alice);
        var until = DateTimeOffset.UtcNow.AddDays(2);

        var pausing = cut.InvokeAsync(() => cut.Find("[data-testid=protection-pause]").Click());
        dialogs.WaitForElement("[data-testid=pause-ok]");
        dialogs.Find("[data-testid=pause-reason] textarea, textarea[data-testid=pause-reason]").Input("database upgrade");
        dialogs.Find("input[data-testid=pause-until], [data-testid=pause-until] input").Input(until.UtcDateTime.ToString("yyyy-MM-dd HH:mm"));
        await dialogs.Find("[data-testid=pause-ok]").ClickAsync(new());
        await pausing;

        var request = Assert.Single(await AllRequestsAsync());
        var p = request.ParametersAs<ProtectionChangeParameters>();
        Assert.Equal((ProtectionChangeKind.Pause, "database upgrade"), (p.Change, p.PauseReason));
        Assert.Equal(until.UtcDateTime.ToString("yyyy-MM-dd HH:mm"), p.PauseUntil!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm"));
        cut.WaitForAssertion(() => Assert.EndsWith($"/requests/{request.Id}", Services.GetRequiredService<BunitNavigationManager>().Uri));
    }

    [Fact]
    public async Task APersonWhoMayNotRequestBackups_SeesTheProtectionWithEveryActionOffSayingWhy()
    {
        var (gold, _) = await PoliciesAsync();
        await ProtectedAsync(gold);
        CurrentPrincipal viewer;
        await using (var db = await OpenAsync())
        {
            var user = new PortalUser("dev:mia", "Mia Architect", "mia@webshop.example");
            db.Users.Add(user);
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), Persona.MigrationArchitect, ScopeKind.Tenant, TenantId));
            await db.SaveChangesAsync();
            viewer = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []);
        }

        var cut = RenderPanelAs(viewer);

        Assert.Equal("gold", cut.Find("[data-testid=protection-policy]").TextContent);
        foreach (var action in new[] { "protection-change", "protection-pause", "protection-backup-now", "protection-remove" })
            Assert.True(cut.Find($"[data-testid={action}]").HasAttribute("disabled"), action);
        Assert.Contains("only people who may request its backups can change it", cut.Find("[data-testid=protection-why-not]").TextContent);
    }

    [Fact]
    public async Task WhileAChangeIsOpen_ChangesAreOffNamingTheRequest_AndTheListLinksToIt()
    {
        var (gold, _) = await PoliciesAsync();
        var p = await ProtectedAsync(gold);
        Principal.Current = Alice;
        var asked = await Services.GetRequiredService<Portal.Application.Features.Protection.Namespaces.ResumeProtection>()
            .HandleAsync(new Portal.Application.Features.Protection.Namespaces.ResumeProtectionCommand(p.Id));
        Assert.Contains("is not paused", asked.Error!.Message); // refused in words, nothing open
        var pause = (await Services.GetRequiredService<Portal.Application.Features.Protection.Namespaces.PauseProtection>()
            .HandleAsync(new Portal.Application.Features.Protection.Namespaces.PauseProtectionCommand(p.Id, "upgrade", null))).ValueOrThrow();

        var cut = RenderPanelAs(Alice);

        Assert.True(cut.Find("[data-testid=protection-pause]").HasAttribute("disabled"));
        Assert.Contains($"request {OperationRequest.ReferenceOf(pause)}", cut.Find("[data-testid=protection-why-not]").TextContent);
        Assert.Contains("Pause", cut.Find("[data-testid=protection-open-request]").TextContent);
    }
}
