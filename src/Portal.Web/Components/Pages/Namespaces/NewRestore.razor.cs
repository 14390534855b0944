using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Namespaces;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Features.Restores.Preview;
using Portal.Web.Components.Pages.Restores;
using Portal.Application.Features.Restores;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Namespaces;

/// <summary>The restore request form: pick a restorable backup, the target (same or new namespace, on this cluster or on
/// another of the tenant's that sees the backup's location, with its classes mapped), what happens to existing objects,
/// whether GitOps stays frozen afterwards, and submit; restoring into the live namespace asks first.</summary>
public partial class NewRestore : IDisposable
{
    [Parameter] public Guid Id { get; set; }
    [SupplyParameterFromQuery(Name = "backup")] public string? PreselectedBackup { get; set; }

    [Inject] private ListMyNamespaces ListMyNamespaces { get; set; } = default!;
    [Inject] private ListNamespaceBackups ListNamespaceBackups { get; set; } = default!;
    [Inject] private SubmitRestoreRequest SubmitRestore { get; set; } = default!;
    [Inject] private PreviewRestore PreviewRestore { get; set; } = default!;
    [Inject] private ListRestoreClusters ListRestoreClusters { get; set; } = default!;
    [Inject] private ReadRestoreTarget ReadRestoreTarget { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private MudForm? _form;

    internal TenantNamespaceView? Namespace { get; private set; }
    /// <summary>The other namespaces the same tenant owns on the same cluster: a "new" name among them is not new.</summary>
    private IReadOnlyList<TenantNamespaceView> _tenantNamespaces = [];
    internal IReadOnlyList<NamespaceBackupView>? Backups { get; private set; }
    internal Error? LoadError { get; private set; }
    /// <summary>Said when the backups are listed as last seen, because the namespace's cluster does not answer.</summary>
    internal string? LastSeenNotice { get; private set; }
    internal Error? SubmitError { get; private set; }
    internal bool Loading { get; private set; } = true;
    internal bool Submitting { get; private set; }
    internal bool BackupMissing { get; private set; }

    internal string? BackupName { get; set; }
    internal bool IntoNewNamespace { get; set; } = true;
    internal string? NewNamespace { get; set; }
    internal ExistingResourcePolicy Policy { get; set; } = ExistingResourcePolicy.None;
    internal bool RestoreVolumes { get; set; } = true;
    internal string? Reason { get; set; }
    internal IReadOnlyList<RestoreTargetCluster> Clusters { get; private set; } = [];
    internal Guid TargetClusterId { get; private set; }
    internal RestoreTargetView? TargetView { get; private set; }
    internal Error? TargetError { get; private set; }
    internal Dictionary<string, string> StorageMap { get; } = new();
    internal Dictionary<string, string> IngressMap { get; } = new();
    internal bool KeepGitOpsFrozen { get; set; }

    /// <summary>The restore goes to another cluster than the namespace's own.</summary>
    internal bool CrossCluster => Namespace is not null && TargetClusterId != Guid.Empty && TargetClusterId != Namespace.ClusterId;
    internal string TargetClusterName => Clusters.FirstOrDefault(c => c.Id == TargetClusterId)?.Name ?? Namespace?.ClusterName ?? "";

    internal List<BreadcrumbItem> Crumbs => Namespace is null ? [new("Namespaces", "/namespaces")]
        : [new("Namespaces", "/namespaces"), new(Namespace.Namespace, $"/namespaces/{Id}"), new("Restore", null, disabled: true)];

    protected override async Task OnInitializedAsync()
    {
        var namespaces = await ListMyNamespaces.HandleAsync(new ListMyNamespacesQuery());
        Namespace = namespaces.Value?.FirstOrDefault(n => n.Id == Id);
        if (Namespace is null)
        {
            LoadError = namespaces.Error ?? Error.NotFound("The namespace");
            Loading = false;
            return;
        }
        if (!Namespace.CanRestore)
        {
            // The page says who may instead of offering a form every submit of which would be refused.
            Loading = false;
            return;
        }
        _tenantNamespaces = namespaces.Value!.Where(n => n.TenantId == Namespace.TenantId).ToList();
        TargetClusterId = Namespace.ClusterId;
        Clusters = [new RestoreTargetCluster(Namespace.ClusterId, Namespace.ClusterName, true, null, null)];
        if (NamespaceAvailability.WhyBlocked(Namespace) is { } why) LoadError = Error.Unavailable(why);
        var backups = await ListNamespaceBackups.HandleAsync(new ListNamespaceBackupsQuery(Id));
        if (backups.IsSuccess) Backups = backups.Value;
        else LoadError = backups.Error;
        if (Backups?.FirstOrDefault(b => b.LastSeenAt is not null) is { LastSeenAt: { } seen })
        {
            // The worst day: the namespace's cluster does not answer, but its backups can still come back on another cluster.
            LoadError = null;
            LastSeenNotice = $"Cluster {Namespace.ClusterName} does not answer. These are the backups the portal last saw there " +
                $"(as of {seen.UtcDateTime:yyyy-MM-dd HH:mm} UTC): choose one and restore it on another cluster whose Velero sees its location.";
        }
        NewNamespace = SuggestName(Namespace.Namespace);
        if (Backups?.FirstOrDefault(b => b.Name == PreselectedBackup && b.Restorable) is { } pre) await OnBackupChangedAsync(pre.Name);
        else await ReadTargetAsync();
        Loading = false;
    }

    /// <summary>A backup chosen: which clusters can take it (their own location sees the backup's).</summary>
    internal async Task OnBackupChangedAsync(string? backup)
    {
        BackupName = backup;
        if (Namespace is null || string.IsNullOrEmpty(backup)) return;
        var clusters = await ListRestoreClusters.HandleAsync(new ListRestoreClustersQuery(Id, backup));
        if (clusters.IsSuccess) Clusters = clusters.Value!;
        // The cluster chosen cannot take the backup (its own one being down, say): the first that can, else the namespace's own.
        if (Clusters.All(c => c.Id != TargetClusterId || c.Problem is not null))
            await OnClusterChangedAsync(Clusters.FirstOrDefault(c => c.Problem is null)?.Id ?? Namespace.ClusterId);
    }

    internal async Task OnClusterChangedAsync(Guid clusterId)
    {
        TargetClusterId = clusterId;
        StorageMap.Clear();
        IngressMap.Clear();
        if (CrossCluster)
        {
            IntoNewNamespace = true;
            NewNamespace = Namespace!.Namespace; // a new namespace of the same name on the other cluster, unless taken
        }
        await ReadTargetAsync();
    }

    /// <summary>Every keystroke is the form's value at once (a Submit clicked right after typing submits what was typed: a
    /// debounced field held it back and the previous name was submitted); only reading the target waits for a pause.</summary>
    internal Task OnNewNamespaceChangedAsync(string? value)
    {
        NewNamespace = value;
        _targetPause.Restart(pause => InvokeAsync(async () =>
        {
            if (pause.IsCancellationRequested) return;
            await ReadTargetAsync();
            StateHasChanged();
        }), ex => _ = DispatchExceptionAsync(ex));
        return Task.CompletedTask;
    }

    private readonly TypingPause _targetPause = new(TimeSpan.FromMilliseconds(600));

    public void Dispose() => _targetPause.Dispose();

    internal Task OnIntoNewChangedAsync(bool intoNew)
    {
        IntoNewNamespace = intoNew;
        return ReadTargetAsync();
    }

    /// <summary>What the chosen target needs: classes to map (another cluster) and the GitOps that deploys into it.</summary>
    private async Task ReadTargetAsync()
    {
        TargetError = null;
        TargetView = null;
        if (Namespace is null || TenantNamespaceName.Explain(Target) is not null) return;
        var view = await ReadRestoreTarget.HandleAsync(new ReadRestoreTargetQuery(Id, TargetClusterId, Target));
        if (!view.IsSuccess)
        {
            TargetError = view.Error;
            return;
        }
        TargetView = view.Value;
        foreach (var c in TargetView!.Claims.Select(c => c.StorageClass).OfType<string>().Distinct())
            if (TargetView.StorageClasses.Contains(c)) StorageMap.TryAdd(c, c);
        foreach (var c in TargetView.Ingresses.Select(i => i.IngressClass).OfType<string>().Distinct())
            if (TargetView.IngressClasses.Contains(c)) IngressMap.TryAdd(c, c);
    }

    internal static string SuggestName(string ns)
    {
        var suggestion = $"{ns}-restored";
        return suggestion.Length <= 63 ? suggestion : suggestion[..63].TrimEnd('-');
    }

    internal string? ValidateNewNamespace(string? value)
    {
        var why = TenantNamespaceName.Explain(value?.Trim());
        if (why is not null) return why;
        return !CrossCluster && value!.Trim() == Namespace?.Namespace ? "That is the namespace itself; choose \"Into the namespace itself\" above, or a different name." : null;
    }

    internal string Target => IntoNewNamespace || CrossCluster ? (NewNamespace ?? "").Trim() : Namespace!.Namespace;

    /// <summary>The "new" namespace typed is one the tenant owns already: writing into it is confirmed like an in-place restore.</summary>
    internal bool TargetIsExisting => IntoNewNamespace
        && _tenantNamespaces.Any(n => n.ClusterId == TargetClusterId && n.Namespace == Target && n.Id != Id);

    /// <summary>What the preview is of, once a backup and a valid target are chosen; null before.</summary>
    internal string? PreviewKey => string.IsNullOrEmpty(BackupName) || ((IntoNewNamespace || CrossCluster) && ValidateNewNamespace(NewNamespace) is not null)
        ? null
        : $"{BackupName}|{TargetClusterId}|{Target}|{Policy}|{RestoreVolumes}";

    internal Task<Result<RestorePreviewPage>> LoadPreviewAsync(PreviewPageArgs a, CancellationToken ct) =>
        PreviewRestore.HandleAsync(new PreviewRestoreQuery(Id, BackupName!, Target, Policy, RestoreVolumes, a.Outcome, a.Kind, a.Page, a.Fresh,
            TargetClusterId == Guid.Empty ? null : TargetClusterId), ct);

    internal async Task SubmitAsync()
    {
        // Disabled at once, before anything is awaited: a second click (or a double click) finds it busy and does nothing.
        if (Submitting) return;
        Submitting = true;
        SubmitError = null;
        try
        {
            BackupMissing = string.IsNullOrEmpty(BackupName);
            if (_form is not null) await _form.ValidateAsync();
            if (BackupMissing || (IntoNewNamespace && ValidateNewNamespace(NewNamespace) is not null)) return;

            // Into the namespace itself or into another one of the tenant's: both are in use, and both ask first.
            var intoExisting = !IntoNewNamespace || TargetIsExisting;
            if (intoExisting)
            {
                var sure = await ConfirmDialog.AskAsync(Dialogs, "Restore into the live namespace?",
                    $"This writes the backup {BackupName} into {Target}, which exists and is in use now. " +
                    (Policy == ExistingResourcePolicy.Update
                        ? "Existing objects will be changed back to the backup's version."
                        : "Objects that exist now are kept; missing ones are recreated from the backup."),
                    "Yes, restore into the live namespace", Color.Warning);
                if (!sure) return;
            }

            // Only real mappings travel: a class kept as it is needs none.
            var result = await SubmitRestore.HandleAsync(new SubmitRestoreRequestCommand(Id, BackupName!, Target, Policy, RestoreVolumes, Reason,
                ConfirmExistingTarget: intoExisting, TargetClusterId: CrossCluster ? TargetClusterId : null,
                StorageClassMap: CrossCluster ? StorageMap.Where(m => m.Key != m.Value).ToDictionary() : null,
                IngressClassMap: CrossCluster ? IngressMap.Where(m => m.Key != m.Value).ToDictionary() : null, KeepGitOpsFrozen: KeepGitOpsFrozen));
            if (result.IsSuccess) Navigation.NavigateTo($"/requests/{result.Value}");
            else SubmitError = result.Error;
        }
        finally
        {
            Submitting = false;
        }
    }
}
