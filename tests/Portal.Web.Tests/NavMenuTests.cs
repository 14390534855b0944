using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Access;
using Portal.Application.Security;
using Portal.Web.Components.Layout;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class NavMenuTests : PortalTestContext
{
    private async Task<IRenderedComponent<NavMenu>> RenderMenuAsAsync(CurrentPrincipal who, int pending = 0)
    {
        Principal.Current = who;
        var access = (await Services.GetRequiredService<GetMyAccess>().HandleAsync(new GetMyAccessQuery())).ValueOrThrow();
        return Render<NavMenu>(p => p.Add(x => x.Access, access).Add(x => x.PendingApprovals, pending));
    }

    [Fact]
    public async Task Render_ApplicationOwner_OffersOnlyWhatTheyMayUse()
    {
        var cut = await RenderMenuAsAsync(Alice);

        cut.Find("[data-testid=nav-namespaces]");
        cut.Find("[data-testid=nav-requests]");
        cut.Find("[data-testid=nav-clusters]");
        cut.Find("[data-testid=nav-migrations]"); // to acknowledge the moves of their applications
        Assert.Empty(cut.FindAll("[data-testid=nav-approvals]"));
        Assert.Empty(cut.FindAll("[data-testid=nav-tenants]"));
        Assert.Empty(cut.FindAll("[data-testid=nav-audit]"));
    }

    [Fact]
    public async Task Render_SreWithPendingRequests_ShowsApprovalsWithCount()
    {
        var cut = await RenderMenuAsAsync(Sam, pending: 2);

        Assert.Equal("2", cut.Find("[data-testid=approvals-count]").TextContent.Trim());
        cut.Find("[data-testid=nav-audit]");
        Assert.Empty(cut.FindAll("[data-testid=nav-tenants]"));
        Assert.Empty(cut.FindAll("[data-testid=nav-migrations]"));
    }
}
