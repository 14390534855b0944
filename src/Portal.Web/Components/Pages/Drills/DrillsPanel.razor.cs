using Microsoft.AspNetCore.Components;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Namespaces;
using Portal.Application.Features.Recovery.Drills;
using Portal.Domain.Requests;

namespace Portal.Web.Components.Pages.Drills;

/// <summary>A namespace's drills on its page. Re-reads when a drill request changes (a drill started, moved a step or ended).</summary>
public partial class DrillsPanel : IDisposable
{
    [Parameter, EditorRequired] public Guid TenantNamespaceId { get; set; }

    [Inject] private GetNamespaceDrills Get { get; set; } = default!;
    [Inject] private SetTargetRto SetRto { get; set; } = default!;
    [Inject] private ListDrillChoices ListChoices { get; set; } = default!;
    [Inject] private ListNamespaceBackups ListBackups { get; set; } = default!;
    [Inject] private IRequestStatusNotifier Requests { get; set; } = default!;

    private IDisposable? _requests;

    internal NamespaceDrillsView? View { get; private set; }
    internal Error? LoadError { get; private set; }
    internal Error? ActionError { get; private set; }
    internal bool Busy { get; private set; }
    internal int? RtoMinutes { get; set; }
    internal bool RunOpen { get; private set; }
    internal bool ScheduleOpen { get; private set; }
    internal DrillChoices? Choices { get; private set; }
    internal IReadOnlyList<NamespaceBackupView>? Backups { get; private set; }
    internal Error? BackupsError { get; private set; }
    internal DrillHistory? History { get; set; }

    internal string ScheduleTitle => View?.Schedule is { } s ? $"Drill schedule: \"{s.Cron}\" ({s.TimeZone})" : "Drill schedule: none";

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        if (_requests is not null) return;
        _requests = Requests.Subscribe(new RequestChangeFilter { Kinds = new HashSet<RequestKind> { RequestKind.RestoreDrill } },
            async () => await InvokeAsync(ReloadAsync));
    }

    internal async Task ReloadAsync()
    {
        await LoadAsync();
        if (History is not null) await History.ReloadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        var result = await Get.HandleAsync(new GetNamespaceDrillsQuery(TenantNamespaceId));
        View = result.Value;
        LoadError = result.Error;
        if (View is not null && RtoMinutes is null) RtoMinutes = (int)Math.Round(View.TargetRto.TotalMinutes);
    }

    private async Task EnsureChoicesAsync(bool withBackups)
    {
        if (Choices is null)
        {
            var choices = await ListChoices.HandleAsync(new ListDrillChoicesQuery(TenantNamespaceId));
            Choices = choices.Value;
            ActionError ??= choices.Error;
        }
        if (withBackups && Backups is null && BackupsError is null)
        {
            var backups = await ListBackups.HandleAsync(new ListNamespaceBackupsQuery(TenantNamespaceId));
            Backups = backups.Value?.Where(b => b.Restorable).ToList();
            BackupsError = backups.Error;
        }
    }

    internal async Task OnRunOpenedAsync(bool open)
    {
        RunOpen = open;
        if (open) await EnsureChoicesAsync(withBackups: true);
    }

    internal async Task OnScheduleOpenedAsync(bool open)
    {
        ScheduleOpen = open;
        if (open) await EnsureChoicesAsync(withBackups: false);
    }

    internal Task SetRtoAsync() => SendAsync(() => SetRto.HandleAsync(new SetTargetRtoCommand(TenantNamespaceId, TimeSpan.FromMinutes(RtoMinutes!.Value))));

    internal async Task ClearRtoAsync()
    {
        RtoMinutes = null;
        await SendAsync(() => SetRto.HandleAsync(new SetTargetRtoCommand(TenantNamespaceId, null)));
    }

    private async Task SendAsync(Func<Task<Result<Unit>>> send)
    {
        if (Busy) return;
        Busy = true;
        ActionError = null;
        try
        {
            var result = await send();
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
        _requests?.Dispose();
        GC.SuppressFinalize(this);
    }
}
