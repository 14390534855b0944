using Microsoft.AspNetCore.Components;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Snapshots;
using Portal.Domain.Requests;

namespace Portal.Web.Components.Pages.Snapshots;

/// <summary>A namespace's snapshots on its page. Re-reads when a snapshot request changes.</summary>
public partial class SnapshotsPanel : IDisposable
{
    internal const int PageSize = 20;

    [Parameter, EditorRequired] public Guid TenantNamespaceId { get; set; }

    /// <summary>Told the newest ready snapshot after each read (the page's recovery points summary), so it needs no read of its own.</summary>
    [Parameter] public Action<SnapshotRow?>? NewestReadyRead { get; set; }

    private Guid? _loadedFor;

    [Inject] private ListSnapshots List { get; set; } = default!;
    [Inject] private ListSnapshotSchedules ListSchedules { get; set; } = default!;
    [Inject] private SnapshotNow Take { get; set; } = default!;
    [Inject] private DeleteSnapshot Delete { get; set; } = default!;
    [Inject] private IRequestStatusNotifier Requests { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    private IDisposable? _requests;

    internal SnapshotListView? View { get; private set; }
    internal IReadOnlyList<SnapshotScheduleView> Schedules { get; private set; } = [];
    internal Error? LoadError { get; private set; }
    internal Error? ActionError { get; private set; }
    internal bool Busy { get; private set; }
    internal int Page { get; private set; }
    internal Guid? Submitted { get; private set; }
    internal string SubmittedWhat { get; private set; } = "";
    internal string? WorkloadChoice { get; set; }
    internal IReadOnlyCollection<string> ClaimChoices { get; set; } = [];
    internal string? ClassChoice { get; set; }
    internal SnapshotConsistency Consistency { get; set; }
    /// <summary>The database to checkpoint; choosing another clears the refusal shown next to the field.</summary>
    internal Guid? DatabaseChoice
    {
        get => _database;
        set
        {
            _database = value;
            if (ActionError?.Field == SnapshotCheckpoint.Field) ActionError = null;
        }
    }

    private Guid? _database;
    internal bool Group { get; set; }
    internal string? Reason { get; set; }
    internal string? Deleting { get; set; }
    internal string? DeleteConfirm { get; set; }
    internal DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == TenantNamespaceId) return;
        _loadedFor = TenantNamespaceId;
        await LoadAsync();
        if (_requests is not null) return;
        _requests = Requests.Subscribe(new RequestChangeFilter { Kinds = new HashSet<RequestKind> { RequestKind.VolumeSnapshot, RequestKind.SnapshotDeletion } },
            async () => await InvokeAsync(ReloadAsync));
    }

    internal async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        var result = await List.HandleAsync(new ListSnapshotsQuery(TenantNamespaceId, Page, PageSize));
        View = result.Value;
        LoadError = result.Error;
        NewestReadyRead?.Invoke(View?.NewestReady);
        var schedules = await ListSchedules.HandleAsync(new ListSnapshotSchedulesQuery(TenantNamespaceId));
        Schedules = schedules.Value ?? [];
    }

    internal async Task GoToAsync(int page)
    {
        Page = Math.Max(0, page - 1);
        await ReloadAsync();
    }

    internal async Task SnapshotNowAsync()
    {
        Busy = true;
        ActionError = null;
        try
        {
            var workload = WorkloadChoice is { } w && w.Split('/', 2) is [var kind, var name] ? new WorkloadReference(kind, name) : null;
            var claims = workload is null ? ClaimChoices.ToList() : [];
            var result = await Take.HandleAsync(new SnapshotNowCommand(TenantNamespaceId, claims, workload, ClassChoice, Group, Consistency, Reason,
                Consistency == SnapshotConsistency.DatabaseCheckpoint ? DatabaseChoice : null));
            ActionError = result.Error;
            if (result.IsSuccess)
            {
                Submitted = result.Value;
                SubmittedWhat = "Snapshot asked for";
            }
        }
        finally
        {
            Busy = false;
        }
    }

    internal async Task DeleteAsync()
    {
        if (Deleting is not { } name) return;
        Busy = true;
        ActionError = null;
        try
        {
            var result = await Delete.HandleAsync(new DeleteSnapshotCommand(TenantNamespaceId, name, DeleteConfirm ?? ""));
            ActionError = result.Error;
            if (result.IsSuccess)
            {
                Submitted = result.Value;
                SubmittedWhat = $"Deletion of {name} asked for";
                Deleting = null;
            }
        }
        finally
        {
            Busy = false;
        }
    }

    public void Dispose()
    {
        _requests?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>How the snapshot panel words a snapshot.</summary>
public static class SnapshotText
{
    /// <summary>The snapshot's error and its content's (when it says more), in words; null when there is none.</summary>
    public static string? Errors(SnapshotRow s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Error is null && s.ContentError is null) return null;
        if (s.ContentError is null || s.ContentError == s.Error) return s.Error ?? s.ContentError;
        return s.Error is null ? $"Its content {s.ContentName} says: {s.ContentError}" : $"{s.Error} Its content {s.ContentName} says: {s.ContentError}";
    }

    public static string Age(DateTimeOffset created, DateTimeOffset now) =>
        created == DateTimeOffset.MinValue ? "—" : $"{Portal.Domain.Common.Durations.Words(now - created < TimeSpan.Zero ? TimeSpan.Zero : now - created)} ago";
}
