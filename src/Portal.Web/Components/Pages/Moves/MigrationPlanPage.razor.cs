using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Moves;
using Portal.Application.Features.Moves.Plans;
using Portal.Domain.Moves;
using Portal.Web.Components.Pages.Moves.Dialogs;

namespace Portal.Web.Components.Pages.Moves;

/// <summary>One migration plan: its waves with their actions, the applications of each, and the selected application's
/// panel with its status board. Each step of a move or a rollback reaches the page as its request changes (from every
/// replica); while a wave is scheduled or running (or an application rolls back) the page also re-reads the plan every
/// few seconds, for what has no request (the dispatcher starting or ending a wave); while a wave awaits approval, less often.</summary>
public partial class MigrationPlanPage
{
    internal static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    [Parameter] public Guid PlanId { get; set; }

    [Inject] private GetMigrationPlan GetPlan { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private Portal.Application.Abstractions.IRequestStatusNotifier Notifier { get; set; } = default!;

    private readonly CancellationTokenSource _stop = new();
    private IDisposable? _subscription;

    internal MigrationPlanView? View { get; private set; }
    internal Error? LoadError { get; private set; }
    internal Guid? SelectedApplicationId { get; private set; }

    /// <summary>Something may move on its own: the executor works on a wave, an application is being rolled back, or a
    /// completed wave had one rolled back since (the dispatcher turns it "completed with problems" within a round).</summary>
    internal bool Polling => View is { } v && v.Waves.Any(w => w.Wave.IsUnderway || w.Applications.Any(a => RollbackUnderway(a.Application)
        || a.Application.Status is MigrationApplicationStatus.Waiting or MigrationApplicationStatus.Moving or MigrationApplicationStatus.Paused) // a retried step
        || (w.Wave.Status == MigrationWaveStatus.Completed && w.Applications.Any(a => a.Application.Status != MigrationApplicationStatus.Moved))
        || (w.Wave.Status == MigrationWaveStatus.CompletedWithProblems
            && (w.Applications.All(a => a.Application.Status is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.Skipped)
                || w.Applications.All(a => a.Application.Status == MigrationApplicationStatus.Moved))));

    /// <summary>Asked for (it may wait for the move to stop) or running, and not ended yet.</summary>
    private static bool RollbackUnderway(MigrationApplication a) => a.Status == MigrationApplicationStatus.RollingBack
        || (a.RollbackRequested && a.Status is not (MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed or MigrationApplicationStatus.Skipped));

    /// <summary>A wave waits for someone else's decision: re-read now and then, so an approval shows without a reload.</summary>
    internal bool AwaitingDecision => View is { } v && v.Waves.Any(w => w.Wave.Status == MigrationWaveStatus.PendingApproval);

    /// <summary>While only a decision is awaited, re-read every this many ticks.</summary>
    internal const int AwaitingDecisionTicks = 4;

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        // Every step of a move and of a rollback is saved through its request: those changes reach the page at once, from
        // every replica. The re-read below stays for what has no request (a wave started or finished by the dispatcher).
        _subscription ??= Notifier.Subscribe(new RequestChangeFilter { Kinds = RequestChangeFilter.MoveKinds }, async () => await InvokeAsync(RefreshAsync));
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
            for (var tick = 1; await timer.WaitForNextTickAsync(ct); tick++)
                if (Polling || (AwaitingDecision && tick % AwaitingDecisionTicks == 0)) await InvokeAsync(RefreshAsync);
        }
        catch (OperationCanceledException)
        {
            // the page was closed
        }
    }

    private async Task LoadAsync()
    {
        var result = await GetPlan.HandleAsync(new GetMigrationPlanQuery(PlanId));
        if (result.IsSuccess)
        {
            View = result.Value;
            LoadError = null;
        }
        else if (View is null) LoadError = result.Error;
    }

    internal async Task RefreshAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    internal void Select(Guid? applicationId) => SelectedApplicationId = SelectedApplicationId == applicationId ? null : applicationId;

    private async Task AddWaveAsync()
    {
        if (await WaveDialog.AskAsync(Dialogs, PlanId, null)) await RefreshAsync();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _stop.Cancel();
        _stop.Dispose();
    }
}
