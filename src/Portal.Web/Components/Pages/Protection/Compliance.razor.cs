using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Protection.Compliance;

namespace Portal.Web.Components.Pages.Protection;

/// <summary>The compliance view: counts, the 30-day chart, the namespaces that need attention (paged in the use case)
/// and the clusters' locations. It re-reads when the protection notifier says something the user may see changed, and
/// once a minute, so a backup growing older than its RPO turns its namespace At risk with no event.</summary>
public partial class Compliance : IDisposable
{
    [Inject] private GetComplianceOverview GetOverview { get; set; } = default!;
    [Inject] private GetComplianceHistory GetHistory { get; set; } = default!;
    [Inject] private GetMyAccess GetMyAccess { get; set; } = default!;
    [Inject] private IProtectionStatusNotifier Notifier { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    /// <summary>How often the page re-reads on its own (status depends on the clock).</summary>
    internal static readonly TimeSpan RereadInterval = TimeSpan.FromMinutes(1);

    private MudDataGrid<ComplianceRow>? _grid;
    private BackupLocationsPanel? _locations;
    private IDisposable? _subscription;
    private readonly CancellationTokenSource _stop = new();

    internal ComplianceOverview? Overview { get; private set; }
    internal IReadOnlyList<ComplianceDayView> History { get; private set; } = [];
    internal Error? LoadError { get; private set; }
    internal Guid? ClusterId { get; private set; }
    internal Guid? TenantId { get; private set; }
    internal Guid? PolicyId { get; private set; }
    internal ComplianceStatusFilter Status { get; private set; } = ComplianceStatusFilter.NeedsAttention;

    /// <summary>How many times the page has read the overview (tests count re-reads).</summary>
    internal int Reads { get; private set; }

    private bool Filtered => ClusterId is not null || TenantId is not null || PolicyId is not null;

    protected override async Task OnInitializedAsync()
    {
        var access = await GetMyAccess.HandleAsync(new GetMyAccessQuery());
        // Only changes of the tenants the user's grants name re-read the page (cluster and estate grants: every change).
        var tenants = access.IsSuccess ? RequestChangeFilter.VisibleTo(access.Value!).Tenants : null;
        _subscription = Notifier.Subscribe(c => tenants is null || tenants.Contains(c.TenantId), async () => await InvokeAsync(ReloadAsync));
        await LoadHistoryAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender) _ = RereadEveryMinuteAsync(_stop.Token);
    }

    private async Task RereadEveryMinuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(RereadInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) await InvokeAsync(ReloadAsync);
        }
        catch (OperationCanceledException)
        {
            // the page was closed
        }
    }

    private async Task<GridData<ComplianceRow>> LoadAsync(GridState<ComplianceRow> state, CancellationToken ct)
    {
        Reads++;
        var result = await GetOverview.HandleAsync(new GetComplianceOverviewQuery(new PageRequest(state.Page, state.PageSize), ClusterId, TenantId,
            PolicyId, Status), ct);
        LoadError = result.Error;
        if (result.IsSuccess) Overview = result.Value;
        StateHasChanged();
        return result.IsSuccess
            ? new GridData<ComplianceRow> { Items = result.Value!.Rows.Items, TotalItems = result.Value.Rows.TotalCount }
            : new GridData<ComplianceRow> { Items = [], TotalItems = 0 };
    }

    private async Task LoadHistoryAsync()
    {
        var result = await GetHistory.HandleAsync(new GetComplianceHistoryQuery(ClusterId, TenantId));
        History = result.Value ?? [];
    }

    /// <summary>Reads everything again: counts, the current page, the chart, the locations.</summary>
    internal async Task ReloadAsync()
    {
        if (_stop.IsCancellationRequested) return;
        if (_grid is not null) await _grid.ReloadServerData();
        await LoadHistoryAsync();
        if (_locations is not null) await _locations.ReloadAsync();
        StateHasChanged();
    }

    private async Task SetFilterAsync(Action set)
    {
        set();
        await ReloadAsync();
    }

    private static string NameOf(IReadOnlyList<ComplianceOption>? options, Guid? id) =>
        id is null ? "" : options?.FirstOrDefault(o => o.Id == id)?.Name ?? "";

    internal static string StatusLabel(ComplianceStatusFilter s) => s switch
    {
        ComplianceStatusFilter.All => "Every namespace",
        ComplianceStatusFilter.NeedsAttention => "Needs attention",
        ComplianceStatusFilter.AtRisk => "At risk",
        ComplianceStatusFilter.Unprotected => "Unprotected",
        ComplianceStatusFilter.Protected => "Protected",
        _ => "Below tenant minimum",
    };

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _subscription?.Dispose();
    }
}
