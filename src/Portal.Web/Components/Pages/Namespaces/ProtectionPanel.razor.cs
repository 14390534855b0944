using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Protection.Namespaces;
using Portal.Domain.Requests;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Namespaces;

/// <summary>A namespace's protection on its page: the policy and state (paused, drift), and the actions its people may
/// ask for. Every action is a request, so each opens the request's page; the panel re-reads when the protection or a
/// protection request changes.</summary>
public partial class ProtectionPanel : IDisposable
{
    [Parameter, EditorRequired] public Guid TenantNamespaceId { get; set; }

    [Inject] private GetNamespaceProtection Get { get; set; } = default!;
    [Inject] private ProtectNamespace Protect { get; set; } = default!;
    [Inject] private ChangeNamespacePolicy ChangePolicy { get; set; } = default!;
    [Inject] private ResumeProtection Resume { get; set; } = default!;
    [Inject] private RemoveProtection Remove { get; set; } = default!;
    [Inject] private PutBackSchedule PutBack { get; set; } = default!;
    [Inject] private BackUpNow BackUp { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IRequestStatusNotifier Requests { get; set; } = default!;
    [Inject] private IProtectionStatusNotifier Protections { get; set; } = default!;

    private IDisposable? _requests, _protections;
    private bool _busy;

    internal NamespaceProtectionView? View { get; private set; }
    internal Error? LoadError { get; private set; }
    internal Error? ActionError { get; private set; }
    internal Guid? ChosenPolicy { get; set; }

    private OpenProtectionRequest? OpenChange => View?.OpenRequests.FirstOrDefault(r => r.Kind == RequestKind.ProtectionChange);

    /// <summary>Why the change actions are off, in words; null when they are on.</summary>
    internal string? WhyNot => View is null ? null
        : !View.CanRequest ? "You may see this namespace's protection, but only people who may request its backups can change it."
        : OpenChange is { } open ? $"A protection change is still open (request {open.Reference}): wait for it to end, or cancel it."
        : null;

    internal bool CanChange => View is not null && WhyNot is null && !_busy;

    internal string? WhyNoBackup => View is { CanRequest: false } ? WhyNot
        : View?.Protection?.Drift == Domain.Protection.ScheduleDrift.Missing ? "The Schedule was deleted on the cluster: put it back first."
        : null;

    internal bool CanBackUpNow => View?.Protection is not null && WhyNoBackup is null && !_busy;

    internal string? WhyNoRemove => WhyNot
        ?? (View?.Minimum is { } min ? $"The tenant requires {min.PolicyName} or better, so this namespace must stay protected; only {min.WhoMayLift} can lift that." : null);

    internal bool CanRemove => View?.Protection is not null && WhyNoRemove is null && !_busy;

    internal IReadOnlyList<OfferedPolicy> OtherPolicies => View?.Policies.Where(p => p.Id != View.Protection?.PolicyId).ToList() ?? [];

    internal OfferedPolicy? Offered(Guid id) => View?.Policies.FirstOrDefault(p => p.Id == id);

    protected override async Task OnParametersSetAsync()
    {
        await LoadAsync();
        if (_requests is not null) return;
        _requests = Requests.Subscribe(new RequestChangeFilter { Kinds = new HashSet<RequestKind> { RequestKind.ProtectionChange, RequestKind.ProtectionBackupNow } },
            async () => await InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }));
        _protections = Protections.Subscribe(c => View is null || c.ClusterId == View.ClusterId,
            async () => await InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }));
    }

    private async Task LoadAsync()
    {
        var result = await Get.HandleAsync(new GetNamespaceProtectionQuery(TenantNamespaceId));
        View = result.Value;
        LoadError = result.Error;
        if (ChosenPolicy is { } chosen && View?.Policies.All(p => p.Id != chosen) == true) ChosenPolicy = null;
    }

    internal Task ProtectAsync() => SendAsync(() => Protect.HandleAsync(new ProtectNamespaceCommand(TenantNamespaceId, ChosenPolicy!.Value)));

    internal Task ChangePolicyAsync() => SendAsync(() => ChangePolicy.HandleAsync(new ChangeNamespacePolicyCommand(View!.Protection!.Id, ChosenPolicy!.Value)));

    internal Task ResumeAsync() => SendAsync(() => Resume.HandleAsync(new ResumeProtectionCommand(View!.Protection!.Id)));

    internal Task PutBackAsync() => SendAsync(() => PutBack.HandleAsync(new PutBackScheduleCommand(View!.Protection!.Id)));

    internal Task BackUpNowAsync() => SendAsync(() => BackUp.HandleAsync(new BackUpNowCommand(View!.Protection!.Id)));

    internal async Task PauseAsync()
    {
        var parameters = new DialogParameters<PauseProtectionDialog>
        {
            { x => x.ProtectionId, View!.Protection!.Id },
            { x => x.Subject, View.Namespace },
        };
        var dialog = await Dialogs.ShowAsync<PauseProtectionDialog>("Pause the protection", parameters);
        if (await dialog.Result is { Canceled: false, Data: Guid requestId }) Navigation.NavigateTo($"/requests/{requestId}");
    }

    internal async Task RemoveAsync()
    {
        var ns = View!.Namespace;
        if (!await ConfirmDialog.AskAsync(Dialogs, "Remove the protection",
                $"The Velero Schedule of {ns} will be deleted: no more scheduled backups. The backups it made stay until they expire.",
                "Ask to remove", Color.Error, typeToConfirm: ns)) return;
        await SendAsync(() => Remove.HandleAsync(new RemoveProtectionCommand(View.Protection!.Id, ns)));
    }

    private async Task SendAsync(Func<Task<Result<Guid>>> send)
    {
        if (_busy) return;
        _busy = true;
        ActionError = null;
        try
        {
            var result = await send();
            if (result.IsSuccess) Navigation.NavigateTo($"/requests/{result.Value}");
            else ActionError = result.Error;
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose()
    {
        _requests?.Dispose();
        _protections?.Dispose();
        GC.SuppressFinalize(this);
    }
}
