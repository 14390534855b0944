using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Features.Access;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.List;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Web.Components.Pages.Clusters;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class ClusterPagesTests : PortalTestContext
{
    private static ClusterSummary Summary(bool skipTls, bool http = false) => new(
        new ClusterHealthView(Guid.NewGuid(), "lab", ClusterHealth.Reachable, null, "v1.30.0", DateTimeOffset.UtcNow, new ClusterCapabilities(), skipTls, http),
        "https://lab.example.com:6443", null, "test", DateTimeOffset.UtcNow, 0);

    [Fact]
    public void ClusterCard_SkipTlsVerify_ShowsAWarningBesideReachable()
    {
        var cut = Render<ClusterCard>(p => p.Add(x => x.Cluster, Summary(skipTls: true)));
        Assert.Equal("Reachable", cut.Find("[data-testid=cluster-health]").GetAttribute("data-health"));
        Assert.Contains("TLS not verified", cut.Find("[data-testid=tls-unverified]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=http-insecure]"));
    }

    [Fact]
    public void ClusterCard_VerifiedTls_ShowsNoWarning()
    {
        var cut = Render<ClusterCard>(p => p.Add(x => x.Cluster, Summary(skipTls: false)));
        Assert.Empty(cut.FindAll("[data-testid=tls-unverified]"));
        Assert.Empty(cut.FindAll("[data-testid=http-insecure]"));
    }

    [Fact]
    public void ClusterCard_AllowedHttp_ShowsUnencryptedWarning()
    {
        var cut = Render<ClusterCard>(p => p.Add(x => x.Cluster, Summary(skipTls: false, http: true)));
        Assert.Contains("Unencrypted http", cut.Find("[data-testid=http-insecure]").TextContent);
    }

    private async Task<(MyAccess Access, Guid ClusterId)> SignInPlatformEngineerAsync()
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var user = new PortalUser("dev:priya", "Priya Platform", "priya@example.com");
        db.Users.Add(user);
        db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, user.Id.ToString(), Persona.PlatformEngineer, ScopeKind.Estate));
        await db.SaveChangesAsync();
        Principal.Current = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []);
        var access = (await Services.GetRequiredService<GetMyAccess>().HandleAsync(new GetMyAccessQuery())).ValueOrThrow();
        return (access, await db.Clusters.Select(c => c.Id).SingleAsync());
    }

    private static IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string testId) =>
        dialogs.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    [Fact]
    public async Task ClusterNamespaces_TheClustersOwnNamespaces_AreNotOfferedForAssignment()
    {
        var (_, clusterId) = await SignInPlatformEngineerAsync();
        var cut = Render<ClusterNamespaces>(p => p.Add(x => x.ClusterId, clusterId));
        cut.WaitForElement("[data-testid=cluster-namespaces]");
        Assert.Empty(cut.FindAll("[data-testid=assign-kube-system]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=not-claimable-kube-system]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=assign-legacy-app]"));
    }

    [Fact]
    public async Task Retire_ClusterInUse_IsRefusedInWords_ThenCascadeNeedsTheTypedName()
    {
        var (access, clusterId) = await SignInPlatformEngineerAsync();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ClusterDetails>(p => p.Add(x => x.Id, clusterId).AddCascadingValue(access));
        cut.WaitForElement("[data-testid=retire-panel]");
        cut.Find("[data-testid=retire-panel] .mud-expand-panel-header").Click();

        var asking = cut.InvokeAsync(() => cut.Find("[data-testid=retire-cluster]").Click());
        dialogs.WaitForElement("[data-testid=confirm-dialog]");
        await dialogs.Find("[data-testid=confirm-ok]").ClickAsync(new());
        await asking;
        cut.WaitForAssertion(() => Assert.Contains("still used by 1 namespace owned by tenants (shop)", cut.Find("[data-testid=retire-error]").TextContent));

        var cascading = cut.InvokeAsync(() => cut.Find("[data-testid=retire-cascade]").Click());
        dialogs.WaitForElement("[data-testid=confirm-typed]");
        bool Disabled() => dialogs.Find("[data-testid=confirm-ok]").HasAttribute("disabled");
        Assert.True(Disabled());
        Field(dialogs, "confirm-typed").Input("prod-eas");
        dialogs.WaitForAssertion(() => Assert.True(Disabled()));
        Field(dialogs, "confirm-typed").Input("prod-east");
        dialogs.WaitForAssertion(() => Assert.False(Disabled()));
        await dialogs.Find("[data-testid=confirm-ok]").ClickAsync(new());
        await cascading;

        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        Assert.NotNull((await db.Clusters.SingleAsync()).RetiredAt);
        Assert.Empty(await db.TenantNamespaces.ToListAsync());
    }
}
