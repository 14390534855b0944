using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Cancel;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Requests.Details;
using Portal.Domain.Requests;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Requests;

/// <summary>One request, live: it re-reads itself whenever the notifier says this request changed.</summary>
public partial class RequestDetailsPage
{
    [Parameter] public Guid Id { get; set; }

    [Inject] private GetRequestDetails GetDetails { get; set; } = default!;
    [Inject] private DecideOnRequest Decide { get; set; } = default!;
    [Inject] private CancelRequest Cancel { get; set; } = default!;
    [Inject] private Portal.Application.Features.Restores.Preview.PreviewRestoreRequest PreviewRequest { get; set; } = default!;
    [Inject] private IRequestStatusNotifier Notifier { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    /// <summary>Changes reach the page through the notifier, from every replica (PostgreSQL LISTEN/NOTIFY); an
    /// unfinished request is also re-read on this interval, as a cheap safety net for a write that announced nothing.</summary>
    internal static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private IDisposable? _subscription;
    private Guid _subscribedTo;
    private readonly CancellationTokenSource _stop = new();

    internal RequestDetails? Details { get; private set; }

    /// <summary>The restore's preview against the target as it is now (the approver decides on what it would do today).</summary>
    internal Task<Result<Portal.Application.Features.Restores.Preview.RestorePreviewPage>> LoadPreviewAsync(Restores.PreviewPageArgs a,
        CancellationToken ct) => PreviewRequest.HandleAsync(new(Id, a.Outcome, a.Kind, a.Page, a.Fresh), ct);
    internal Error? LoadError { get; private set; }
    internal Error? ActionError { get; private set; }
    internal bool Busy { get; private set; }

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        if (_subscription is not null && _subscribedTo == Id) return;
        _subscription?.Dispose();
        _subscribedTo = Id;
        _subscription = Notifier.Subscribe(RequestChangeFilter.Request(Id), async () => await InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender) _ = PollAsync(_stop.Token);
    }

    private async Task PollAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (Details?.Summary.Status.IsTerminal() == true) continue;
                await InvokeAsync(async () =>
                {
                    await LoadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // the page was closed
        }
    }

    private async Task LoadAsync()
    {
        var result = await GetDetails.HandleAsync(new GetRequestDetailsQuery(Id));
        if (result.IsSuccess)
        {
            Details = result.Value;
            LoadError = null;
        }
        else if (Details is null) LoadError = result.Error;
    }

    internal async Task ApproveAsync() => await DecideAsync(approve: true, comment: null);

    internal async Task RejectAsync()
    {
        var comment = await CommentDialog.AskAsync(Dialogs, "Reject the request", "Say why, so the requester knows what to change.",
            "Reject", required: true, Color.Error, "Say why you reject the request, so the requester knows what to change.");
        if (comment is null) return;
        await DecideAsync(approve: false, comment);
    }

    private async Task DecideAsync(bool approve, string? comment)
    {
        Busy = true;
        ActionError = null;
        var result = await Decide.HandleAsync(new DecideOnRequestCommand(Id, approve, comment));
        if (result.IsSuccess) Snackbar.Add(approve ? "Approved: the request is queued." : "Rejected; the requester will see your reason.", Severity.Success);
        else ActionError = result.Error;
        await LoadAsync();
        Busy = false;
    }

    internal async Task CancelAsync()
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, "Cancel this request?", "It will not run. You can submit a new one later.", "Cancel the request", Color.Warning))
            return;
        Busy = true;
        ActionError = null;
        var result = await Cancel.HandleAsync(new CancelRequestCommand(Id));
        if (result.IsSuccess) Snackbar.Add("The request is cancelled.", Severity.Info);
        else ActionError = result.Error;
        await LoadAsync();
        Busy = false;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _subscription?.Dispose();
    }
}
