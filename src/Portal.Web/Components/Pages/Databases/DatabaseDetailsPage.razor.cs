using Portal.Domain.Requests;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Databases;
using Portal.Application.Features.Databases.Schedules;
using Portal.Web.Components.Pages.Databases.Details;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Databases;

/// <summary>The DB engineer's page of one database: facts, RPO, schedules with their actions, dumps, charts and requests.
/// It re-reads itself when a request changes, when the executor's tracker records a scheduled run of this database
/// (no request is involved), and on a timer for changes made by another replica.</summary>
public partial class DatabaseDetailsPage
{
    [Parameter] public Guid Id { get; set; }

    [Inject] private GetDatabaseDetails GetDetails { get; set; } = default!;
    [Inject] private RunDumpNow RunDumpNow { get; set; } = default!;
    [Inject] private CreateRecoveryPoint CreateRecoveryPoint { get; set; } = default!;
    [Inject] private ChangeDumpSchedule ChangeSchedule { get; set; } = default!;
    [Inject] private IRequestStatusNotifier Notifier { get; set; } = default!;
    [Inject] private IDatabaseActivityNotifier DatabaseActivity { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Requests and scheduled runs reach the page through the notifiers, from every replica (PostgreSQL
    /// LISTEN/NOTIFY); the page also re-reads itself on this interval, a cheap safety net that also ages the RPO.</summary>
    internal static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private IDisposable? _subscription;
    private IDisposable? _activity;
    private Guid _subscribedTo;
    private readonly CancellationTokenSource _stop = new();
    private DumpsTable? _dumps;
    private DatabaseRequestList? _requests;

    internal DatabaseDetails? Details { get; private set; }
    internal Error? LoadError { get; private set; }
    internal Error? ActionError { get; private set; }
    internal bool Busy { get; private set; }

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        if (_subscription is not null && _subscribedTo == Id) return;
        _subscription?.Dispose();
        _activity?.Dispose();
        _subscribedTo = Id;
        // Only requests of a database's kinds can change what this page shows.
        _subscription = Notifier.Subscribe(new RequestChangeFilter { Kinds = RequestChangeFilter.DatabaseKinds }, async () => await InvokeAsync(RefreshAsync));
        // A scheduled run belongs to no request: the tracker says so per database.
        _activity = DatabaseActivity.Subscribe(Id, async () => await InvokeAsync(RefreshAsync));
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
            while (await timer.WaitForNextTickAsync(ct)) await InvokeAsync(RefreshAsync);
        }
        catch (OperationCanceledException)
        {
            // the page was closed
        }
    }

    private async Task LoadAsync()
    {
        var result = await GetDetails.HandleAsync(new GetDatabaseDetailsQuery(Id));
        if (result.IsSuccess)
        {
            Details = result.Value;
            LoadError = null;
        }
        else if (Details is null) LoadError = result.Error;
    }

    /// <summary>Re-reads everything on the page: details, the current page of dumps, the requests.</summary>
    internal async Task RefreshAsync()
    {
        await LoadAsync();
        if (_dumps is not null) await _dumps.ReloadAsync();
        if (_requests is not null) await _requests.ReloadAsync();
        StateHasChanged();
    }

    internal async Task DumpNowAsync(DumpScheduleView schedule) =>
        await RunAsync(() => RunDumpNow.HandleAsync(new RunDumpNowCommand(schedule.Id)),
            id => $"Dump of {schedule.Name} requested (request {Reference(id)}); it appears below when it starts.");

    internal async Task SuspendAsync(DumpScheduleView schedule, bool suspend) =>
        await RunAsync(() => ChangeSchedule.HandleAsync(new ChangeDumpScheduleCommand(schedule.Id, suspend ? DumpScheduleChange.Suspend : DumpScheduleChange.Resume)),
            id => $"Schedule {schedule.Name} {(suspend ? "suspended" : "resumed")} (request {Reference(id)}).");

    internal async Task RecoveryPointAsync(DumpScheduleView schedule)
    {
        var ns = Details!.Database.Namespace;
        if (!await ConfirmDialog.AskAsync(Dialogs, "Create a consistent recovery point?",
                $"The portal dumps {Details.Database.Name} with schedule {schedule.Name} now and, once the dump succeeded, backs up namespace {ns} "
                + "with Velero (file-system backup of volumes, kept 30 days). Restoring both together brings the application and its data back to the same moment.",
                "Dump, then back up"))
            return;
        Guid? request = null;
        await RunAsync(() => CreateRecoveryPoint.HandleAsync(new CreateRecoveryPointCommand(schedule.Id)), id =>
        {
            request = id;
            return $"Recovery point requested (request {Reference(id)}).";
        });
        if (request is { } requestId) Navigation.NavigateTo($"/requests/{requestId}");
    }

    internal async Task RemoveAsync(DumpScheduleView schedule)
    {
        if (await RemoveScheduleDialog.AskAsync(Dialogs, schedule) is not { } id) return;
        Snackbar.Add($"Schedule {schedule.Name} is being removed (request {Reference(id)}). Its dumps stay listed.", Severity.Info);
        await RefreshAsync();
    }

    internal async Task RestoreAsync(DumpArtifactView artifact)
    {
        var dumped = Details!.Schedules.FirstOrDefault(s => s.Id == artifact.ScheduleId)?.DatabaseName;
        if (await RestoreDumpDialog.AskAsync(Dialogs, artifact, Details.Database, dumped, Details.RestoreTargets, Details.OverwriteApprover) is { } id)
            Navigation.NavigateTo($"/requests/{id}");
    }

    private async Task RunAsync(Func<Task<Result<Guid>>> action, Func<Guid, string> success)
    {
        if (Busy) return; // a second click while the first is on its way does nothing
        Busy = true;
        ActionError = null;
        try
        {
            var result = await action();
            if (result.IsSuccess) Snackbar.Add(success(result.Value), Severity.Success);
            else ActionError = result.Error;
        }
        finally
        {
            Busy = false;
        }
        await RefreshAsync();
    }

    private static string Reference(Guid id) => OperationRequest.ReferenceOf(id);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _subscription?.Dispose();
        _activity?.Dispose();
    }
}
