using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Clusters.List;
using Portal.Application.Features.Namespaces;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;

namespace Portal.Web.Components.Pages.Namespaces;

public partial class NewBackup
{
    [Parameter] public Guid Id { get; set; }

    [Inject] private ListMyNamespaces ListMyNamespaces { get; set; } = default!;
    [Inject] private ListClusters ListClusters { get; set; } = default!;
    [Inject] private SubmitBackupRequest SubmitBackup { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    internal static readonly (string Label, int Hours)[] QuickPicks =
        [("1 day", 24), ("7 days", 168), ("30 days", 720), ("90 days", 2160), ("1 year", 8760)];

    private MudForm? _form;

    internal TenantNamespaceView? Namespace { get; private set; }
    internal IReadOnlyList<BackupStorageLocationInfo> Locations { get; private set; } = [];
    internal Error? LoadError { get; private set; }
    internal Error? SubmitError { get; private set; }
    internal bool Loading { get; private set; } = true;
    internal bool Submitting { get; private set; }

    internal int? TtlHours { get; set; } = 720;
    internal VolumeBackupMode VolumeMode { get; set; } = VolumeBackupMode.Snapshot;
    internal string? StorageLocation { get; set; }
    internal string? Reason { get; set; }

    internal List<BreadcrumbItem> Crumbs => Namespace is null ? [new("Namespaces", "/namespaces")]
        : [new("Namespaces", "/namespaces"), new(Namespace.Namespace, $"/namespaces/{Id}"), new("Back up", null, disabled: true)];

    protected override async Task OnInitializedAsync()
    {
        var namespaces = await ListMyNamespaces.HandleAsync(new ListMyNamespacesQuery());
        Namespace = namespaces.Value?.FirstOrDefault(n => n.Id == Id);
        if (Namespace is null) LoadError = namespaces.Error ?? Error.NotFound("The namespace");
        else
        {
            if (Namespace.CanBackup && NamespaceAvailability.WhyBlocked(Namespace) is { } why) LoadError = Error.Unavailable(why);
            var clusters = await ListClusters.HandleAsync(new ListClustersQuery());
            Locations = clusters.Value?.FirstOrDefault(c => c.Status.ClusterId == Namespace.ClusterId)?.Status.Capabilities.BackupStorageLocations ?? [];
        }
        Loading = false;
    }

    internal async Task SubmitAsync()
    {
        // Disabled at once, before anything is awaited: a second click (or a double click) finds it busy and does nothing.
        if (Submitting) return;
        Submitting = true;
        SubmitError = null;
        try
        {
            if (_form is not null) await _form.ValidateAsync();
            // The message is next to the field; nothing is sent in place of what was typed.
            if (TtlHours is not { } ttl) return;
            var result = await SubmitBackup.HandleAsync(new SubmitBackupRequestCommand(Id, ttl, VolumeMode, StorageLocation, Reason));
            if (result.IsSuccess) Navigation.NavigateTo($"/requests/{result.Value}");
            else SubmitError = result.Error;
        }
        finally
        {
            Submitting = false;
        }
    }
}
