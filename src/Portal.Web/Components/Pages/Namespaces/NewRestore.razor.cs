using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Namespaces;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Features.Restores.Preview;
using Portal.Web.Components.Pages.Restores;
using Portal.Domain.Common;
using Portal.Domain.Requests;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Namespaces;

/// <summary>The restore request form: pick a restorable backup, the target (same or new namespace),
/// what happens to existing objects, and submit; restoring into the live namespace asks first.</summary>
public partial class NewRestore
{
    [Parameter] public Guid Id { get; set; }
    [SupplyParameterFromQuery(Name = "backup")] public string? PreselectedBackup { get; set; }

    [Inject] private ListMyNamespaces ListMyNamespaces { get; set; } = default!;
    [Inject] private ListNamespaceBackups ListNamespaceBackups { get; set; } = default!;
    [Inject] private SubmitRestoreRequest SubmitRestore { get; set; } = default!;
    [Inject] private PreviewRestore PreviewRestore { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private MudForm? _form;

    internal TenantNamespaceView? Namespace { get; private set; }
    /// <summary>The other namespaces the same tenant owns on the same cluster: a "new" name among them is not new.</summary>
    private IReadOnlyList<string> _siblings = [];
    internal IReadOnlyList<NamespaceBackupView>? Backups { get; private set; }
    internal Error? LoadError { get; private set; }
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
        _siblings = namespaces.Value!.Where(n => n.TenantId == Namespace.TenantId && n.ClusterId == Namespace.ClusterId && n.Id != Id)
            .Select(n => n.Namespace).ToList();
        if (NamespaceAvailability.WhyBlocked(Namespace) is { } why) LoadError = Error.Unavailable(why);
        var backups = await ListNamespaceBackups.HandleAsync(new ListNamespaceBackupsQuery(Id));
        if (backups.IsSuccess) Backups = backups.Value;
        else LoadError = backups.Error;
        if (Backups?.FirstOrDefault(b => b.Name == PreselectedBackup && b.Restorable) is { } pre) BackupName = pre.Name;
        NewNamespace = SuggestName(Namespace.Namespace);
        Loading = false;
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
        return value!.Trim() == Namespace?.Namespace ? "That is the namespace itself; choose \"Into the namespace itself\" above, or a different name." : null;
    }

    internal string Target => IntoNewNamespace ? (NewNamespace ?? "").Trim() : Namespace!.Namespace;

    /// <summary>The "new" namespace typed is one the tenant owns already: writing into it is confirmed like an in-place restore.</summary>
    internal bool TargetIsExisting => IntoNewNamespace && _siblings.Contains(Target);

    /// <summary>What the preview is of, once a backup and a valid target are chosen; null before.</summary>
    internal string? PreviewKey => string.IsNullOrEmpty(BackupName) || (IntoNewNamespace && ValidateNewNamespace(NewNamespace) is not null)
        ? null
        : $"{BackupName}|{Target}|{Policy}|{RestoreVolumes}";

    internal Task<Result<RestorePreviewPage>> LoadPreviewAsync(PreviewPageArgs a, CancellationToken ct) =>
        PreviewRestore.HandleAsync(new PreviewRestoreQuery(Id, BackupName!, Target, Policy, RestoreVolumes, a.Outcome, a.Kind, a.Page, a.Fresh), ct);

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

            var result = await SubmitRestore.HandleAsync(new SubmitRestoreRequestCommand(Id, BackupName!, Target, Policy, RestoreVolumes, Reason,
                ConfirmExistingTarget: intoExisting));
            if (result.IsSuccess) Navigation.NavigateTo($"/requests/{result.Value}");
            else SubmitError = result.Error;
        }
        finally
        {
            Submitting = false;
        }
    }
}
