using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Requests.List;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Layout;

/// <summary>The shell of every interactive page: app bar, menu filtered by what the user holds, and
/// the approvals badge, which follows request changes live.</summary>
public partial class MainLayout
{
    [Inject] private GetMyAccess GetMyAccess { get; set; } = default!;
    [Inject] private ListApprovalInbox ListApprovalInbox { get; set; } = default!;
    [Inject] private Portal.Application.Features.Moves.Waves.ListMigrationWavesAwaitingDecision ListWavesAwaiting { get; set; } = default!;
    [Inject] private IRequestStatusNotifier Notifier { get; set; } = default!;

    private bool _drawerOpen = true;
    private MyAccess? _access;
    private Error? _accessError;
    private int _pendingApprovals;
    private ErrorBoundary? _boundary;
    private IDisposable? _subscription;

    protected override async Task OnInitializedAsync()
    {
        var result = await GetMyAccess.HandleAsync(new GetMyAccessQuery());
        if (result.IsSuccess) _access = result.Value;
        else _accessError = result.Error;
        await RefreshApprovalsAsync();
        // The badge counts requests of the tenants the user's grants reach; other tenants' changes do not re-count it.
        _subscription = Notifier.Subscribe(_access is null ? RequestChangeFilter.Everything : RequestChangeFilter.VisibleTo(_access), async () =>
        {
            await RefreshApprovalsAsync();
            await InvokeAsync(StateHasChanged);
        });
    }

    protected override void OnParametersSet() => _boundary?.Recover();

    private async Task RefreshApprovalsAsync()
    {
        if (_access is null || !AccessRules.CanApprove(_access)) return;
        var inbox = await ListApprovalInbox.HandleAsync(new ListApprovalInboxQuery(new PageRequest(0, 1)));
        _pendingApprovals = inbox.IsSuccess ? inbox.Value!.TotalCount : 0;
        // Migration waves awaiting the caller's decision count too (the query refuses those who may not decide).
        var waves = await ListWavesAwaiting.HandleAsync(new Portal.Application.Features.Moves.Waves.ListMigrationWavesAwaitingDecisionQuery());
        if (waves.IsSuccess) _pendingApprovals += waves.Value!.Count;
    }

    private void Recover() => _boundary?.Recover();

    public void Dispose() => _subscription?.Dispose();
}
