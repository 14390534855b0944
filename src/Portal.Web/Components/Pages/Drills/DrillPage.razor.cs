using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Namespaces;
using Portal.Application.Features.Recovery.Drills;
using Portal.Domain.Recovery;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Drills;

/// <summary>One drill, live: it re-reads itself whenever its request changes. Every change of the drill's row is announced as one
/// of its request (the executor writes the row with the request's timeline; the sweeper and "clean up now" announce it), so the
/// page never polls.</summary>
public partial class DrillPage : IDisposable
{
    [Parameter] public Guid Id { get; set; }

    [Inject] private GetDrill Get { get; set; } = default!;
    [Inject] private CleanUpDrillNow CleanUp { get; set; } = default!;
    [Inject] private ListMyNamespaces Namespaces { get; set; } = default!;
    [Inject] private IRequestStatusNotifier Notifier { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private IDisposable? _subscription;
    private Guid _subscribedTo;

    internal DrillView? Drill { get; private set; }
    internal Guid? NamespaceId { get; private set; }
    internal Error? LoadError { get; private set; }
    internal Error? ActionError { get; private set; }
    internal bool Busy { get; private set; }
    internal List<BreadcrumbItem> Crumbs { get; private set; } = [new("Namespaces", "/namespaces")];

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        if (Drill is { } d && NamespaceId is null)
        {
            var mine = await Namespaces.HandleAsync(new ListMyNamespacesQuery());
            NamespaceId = mine.Value?.FirstOrDefault(n => n.ClusterId == d.ClusterId && n.Namespace == d.Namespace && n.TenantId == d.TenantId)?.Id;
            Crumbs = NamespaceId is { } nsId
                ? [new("Namespaces", "/namespaces"), new(d.Namespace, $"/namespaces/{nsId}"), new("Drill", null, disabled: true)]
                : [new("Namespaces", "/namespaces"), new("Drill", null, disabled: true)];
        }
        if (Drill is null || (_subscription is not null && _subscribedTo == Id)) return;
        _subscription?.Dispose();
        _subscribedTo = Id;
        _subscription = Notifier.Subscribe(RequestChangeFilter.Request(Drill.RequestId), async () => await InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
    }

    private async Task LoadAsync()
    {
        var result = await Get.HandleAsync(new GetDrillQuery(Id));
        Drill = result.Value ?? Drill;
        LoadError = result.Error;
    }

    internal async Task CleanUpNowAsync()
    {
        if (Drill is not { } d || Busy) return;
        if (!await ConfirmDialog.AskAsync(Dialogs, "Clean up the drill now",
                $"The scratch namespace {d.ScratchNamespace} on {d.TargetClusterName} and everything restored into it will be removed. The drill stays in the history.",
                "Remove it now", Color.Warning)) return;
        Busy = true;
        try
        {
            var result = await CleanUp.HandleAsync(new CleanUpDrillNowCommand(d.Id));
            ActionError = result.Error;
            await LoadAsync();
        }
        finally
        {
            Busy = false;
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
