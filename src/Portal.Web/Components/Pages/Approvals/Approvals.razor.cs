using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Requests.List;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Approvals;

/// <summary>The approver's inbox: pending requests they may decide on, paged, refreshed live.</summary>
public partial class Approvals
{
    internal const int PageSize = 10;

    [Inject] private ListApprovalInbox ListInbox { get; set; } = default!;
    [Inject] private DecideOnRequest Decide { get; set; } = default!;
    [Inject] private IRequestStatusNotifier Notifier { get; set; } = default!;
    [Inject] private Portal.Application.Features.Access.GetMyAccess GetMyAccess { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private Portal.Application.Features.Restores.Preview.PreviewRestoreRequest PreviewRequest { get; set; } = default!;

    private IDisposable? _subscription;
    /// <summary>The restore requests whose preview the approver opened (read only when asked: each reads the cluster).</summary>
    private readonly HashSet<Guid> _previews = [];

    private Task<Result<Portal.Application.Features.Restores.Preview.RestorePreviewPage>> PreviewOfAsync(Guid requestId,
        Restores.PreviewPageArgs a, CancellationToken ct) =>
        PreviewRequest.HandleAsync(new(requestId, a.Outcome, a.Kind, a.Page, a.Fresh), ct);

    internal Page<RequestSummary>? Inbox { get; private set; }
    internal Error? LoadError { get; private set; }
    internal Error? ActionError { get; private set; }
    internal bool Busy { get; private set; }
    /// <summary>Migration waves listed above the requests: the page is not empty while there are some.</summary>
    internal int WavesAwaiting { get; private set; }
    internal int PageIndex { get; private set; }
    internal int PageCount => Inbox is null ? 0 : (Inbox.TotalCount + PageSize - 1) / PageSize;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        // Only changes of the tenants the approver's grants reach: another tenant's requests never reload this page.
        var access = await GetMyAccess.HandleAsync(new Portal.Application.Features.Access.GetMyAccessQuery());
        var filter = access.IsSuccess ? RequestChangeFilter.VisibleTo(access.Value!) : RequestChangeFilter.Everything;
        _subscription = Notifier.Subscribe(filter, async () => await InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
    }

    private async Task LoadAsync()
    {
        var result = await ListInbox.HandleAsync(new ListApprovalInboxQuery(new PageRequest(PageIndex, PageSize)));
        if (result.IsSuccess)
        {
            Inbox = result.Value;
            LoadError = null;
            if (Inbox!.Items.Count == 0 && PageIndex > 0)
            {
                PageIndex = Math.Max(0, PageCount - 1);
                await LoadAsync();
            }
        }
        else LoadError = result.Error;
    }

    private void WavesLoaded(int count) => WavesAwaiting = count;

    private async Task ChangePageAsync(int page)
    {
        PageIndex = page - 1;
        await LoadAsync();
    }

    internal async Task ApproveAsync(RequestSummary r) => await DecideAsync(r, approve: true, comment: null);

    internal async Task RejectAsync(RequestSummary r)
    {
        var comment = await CommentDialog.AskAsync(Dialogs, $"Reject request {r.Reference}",
            "Say why, so the requester knows what to change.", "Reject", required: true, Color.Error,
            "Say why you reject the request, so the requester knows what to change.");
        if (comment is null) return;
        await DecideAsync(r, approve: false, comment);
    }

    private async Task DecideAsync(RequestSummary r, bool approve, string? comment)
    {
        Busy = true;
        ActionError = null;
        var result = await Decide.HandleAsync(new DecideOnRequestCommand(r.Id, approve, comment));
        if (result.IsSuccess)
            Snackbar.Add(approve ? $"Request {r.Reference} approved: it is queued for execution." : $"Request {r.Reference} rejected.", Severity.Success);
        else ActionError = result.Error;
        await LoadAsync();
        Busy = false;
    }

    public void Dispose() => _subscription?.Dispose();
}
