using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Portal.Web.Components.Shared;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Requests.List;
using Portal.Domain.Requests;

namespace Portal.Web.Components.Pages.Requests;

/// <summary>Every request the user may see, paged and filtered in the database, refreshed live.</summary>
public partial class Requests : IDisposable
{
    [Inject] private ListRequests ListRequests { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IRequestStatusNotifier Notifier { get; set; } = default!;
    [Inject] private Portal.Application.Features.Access.GetMyAccess GetMyAccess { get; set; } = default!;

    private MudDataGrid<RequestSummary>? _grid;
    private IDisposable? _subscription;

    internal RequestStatus? Status { get; private set; }
    internal RequestKind? Kind { get; private set; }
    internal string? Search { get; private set; }
    internal bool MineOnly { get; private set; }
    internal Error? LoadError { get; private set; }
    /// <summary>The last page read: its count, capped on big tables.</summary>
    internal Page<RequestSummary>? Count { get; private set; }

    /// <summary>Only changes of the tenants the user's grants reach reload the list.</summary>
    protected override async Task OnInitializedAsync()
    {
        var access = await GetMyAccess.HandleAsync(new Portal.Application.Features.Access.GetMyAccessQuery());
        var filter = access.IsSuccess ? RequestChangeFilter.VisibleTo(access.Value!) : RequestChangeFilter.Everything;
        _subscription = Notifier.Subscribe(filter, async () => await InvokeAsync(ReloadAsync));
    }

    private async Task<GridData<RequestSummary>> LoadAsync(GridState<RequestSummary> state, CancellationToken ct)
    {
        var result = await ListRequests.HandleAsync(
            new ListRequestsQuery(new PageRequest(state.Page, state.PageSize), Status, Kind, null, Search, MineOnly), ct);
        // The pager's words come from this page: render again when the count changed between exact and "more than".
        var recount = Count?.IsCountCapped != result.Value?.IsCountCapped || Count?.TotalCount != result.Value?.TotalCount;
        Count = result.Value;
        if (recount) StateHasChanged();
        if (LoadError != result.Error)
        {
            LoadError = result.Error;
            StateHasChanged();
        }
        return result.IsSuccess
            ? new GridData<RequestSummary> { Items = result.Value!.Items, TotalItems = result.Value.TotalCount }
            : new GridData<RequestSummary> { Items = [], TotalItems = 0 };
    }

    private async Task SetFilterAsync(Action set)
    {
        set();
        await ReloadAsync();
    }

    // Every keystroke is the search's value at once (Enter, another filter, the pager or a live update search exactly what was
    // typed); only the read waits for typing to pause.
    private readonly TypingPause _typing = new(TimeSpan.FromMilliseconds(400));

    internal void SearchTyped(string? text)
    {
        Search = text;
        _typing.Restart(pause => InvokeAsync(async () =>
        {
            if (!pause.IsCancellationRequested) await ReloadAsync();
        }), ex => _ = DispatchExceptionAsync(ex));
    }

    internal async Task SearchNowAsync(KeyboardEventArgs e)
    {
        if (e.Key != "Enter") return;
        _typing.Cancel();
        await ReloadAsync();
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private void OnRowClick(DataGridRowClickEventArgs<RequestSummary> e) => Navigation.NavigateTo($"/requests/{e.Item.Id}");

    public void Dispose()
    {
        _subscription?.Dispose();
        _typing.Dispose();
    }
}
