using Bunit;
using MudBlazor;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Approvals;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class ApprovalInboxTests : PortalTestContext
{
    private IRenderedComponent<Approvals> RenderInboxAs(Application.Security.CurrentPrincipal approver)
    {
        Principal.Current = approver;
        var cut = Render<Approvals>();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=loading]")));
        return cut;
    }

    [Fact]
    public async Task Render_PendingRestoreOfAnotherUser_ListsItWithItsDetails()
    {
        var id = await SubmitRestoreAsAsync(Alice, target: "shop-copy");

        var cut = RenderInboxAs(Sam);

        var item = cut.Find("[data-testid=approval-item]");
        Assert.Equal(id.ToString(), item.GetAttribute("data-request-id"));
        Assert.Contains("Namespace restore of shop", item.TextContent);
        Assert.Contains("shop-copy", item.TextContent);
        Assert.Contains("Alice Owner", item.TextContent);
    }

    [Fact]
    public async Task Preview_OfAPendingRestore_OpensOnRequest_AgainstTheTargetNow()
    {
        await SubmitRestoreAsAsync(Alice, target: "shop-copy");
        var cut = RenderInboxAs(Sam);
        Assert.Empty(cut.FindAll("[data-testid=restore-preview]")); // read only when asked: each reads the cluster

        cut.Find("[data-testid=approval-preview]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=preview-item]")));
        Assert.All(cut.FindAll("[data-testid=preview-item]"), i => Assert.Equal("Create", i.GetAttribute("data-outcome")));
        Assert.Contains("into shop-copy, which does not exist yet", cut.Find("[data-testid=preview-target]").TextContent);
    }

    [Fact]
    public async Task Approve_PendingRequest_MovesItToQueuedAndOutOfTheInbox()
    {
        var id = await SubmitRestoreAsAsync(Alice);
        var cut = RenderInboxAs(Sam);

        await cut.Find("[data-testid=approve-button]").ClickAsync(new());

        var request = await FindRequestAsync(id);
        Assert.Equal(RequestStatus.Queued, request!.Status);
        Assert.Equal("Sam Reliability", request.DecidedByName);
        Assert.Equal(1, Signal.Queued);
        cut.WaitForElement("[data-testid=approvals-empty]");
    }

    [Fact]
    public async Task Reject_WithoutComment_SaysACommentIsNeededAndKeepsItPending()
    {
        var id = await SubmitRestoreAsAsync(Alice);
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderInboxAs(Sam);

        var rejecting = cut.InvokeAsync(() => cut.Find("[data-testid=reject-button]").Click());
        dialogs.WaitForElement("[data-testid=comment-submit]");
        await dialogs.Find("[data-testid=comment-submit]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("Say why you reject the request",
            dialogs.Find("[data-testid=comment-error]").TextContent));
        Assert.Equal(RequestStatus.PendingApproval, (await FindRequestAsync(id))!.Status);
        await dialogs.Find("[data-testid=comment-cancel]").ClickAsync(new());
        await rejecting;
    }

    [Fact]
    public async Task Reject_WithComment_RejectsWithTheReason()
    {
        var id = await SubmitRestoreAsAsync(Alice);
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderInboxAs(Sam);

        var rejecting = cut.InvokeAsync(() => cut.Find("[data-testid=reject-button]").Click());
        dialogs.WaitForElement("[data-testid=decision-comment]");
        dialogs.Find("textarea[data-testid=decision-comment], [data-testid=decision-comment] textarea").Input("Restore into staging instead");
        await dialogs.Find("[data-testid=comment-submit]").ClickAsync(new());
        await rejecting;

        var request = await FindRequestAsync(id);
        Assert.Equal(RequestStatus.Rejected, request!.Status);
        Assert.Equal("Restore into staging instead", request.DecisionComment);
    }

    [Fact]
    public async Task Render_RequesterIsAnApprover_DoesNotSeeTheirOwnRequest()
    {
        await SubmitRestoreAsAsync(Sam);

        var cut = RenderInboxAs(Sam);

        Assert.Empty(cut.FindAll("[data-testid=approval-item]"));
        cut.Find("[data-testid=approvals-empty]");
    }

    [Fact]
    public async Task Render_RequesterIsAnApprover_AnotherApproverSeesIt()
    {
        var id = await SubmitRestoreAsAsync(Sam);

        var cut = RenderInboxAs(Sue);

        Assert.Equal(id.ToString(), cut.Find("[data-testid=approval-item]").GetAttribute("data-request-id"));
    }
}
