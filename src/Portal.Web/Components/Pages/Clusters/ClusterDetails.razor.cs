using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.List;
using Portal.Application.Features.Clusters.Register;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Clusters;

public partial class ClusterDetails
{
    [Parameter] public Guid Id { get; set; }
    [CascadingParameter] public MyAccess? Access { get; set; }

    [Inject] private ListClusters ListClusters { get; set; } = default!;
    [Inject] private CheckClusterConnection CheckConnection { get; set; } = default!;
    [Inject] private UpdateClusterCredentials UpdateCredentials { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private ClusterSummary? _cluster;
    private Error? _error, _credentialsError;
    private bool _testing, _busy;
    private string? _newKubeconfig;

    private bool CanManage => Access.HasEstateWide(Permission.ManageClusters);

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        var result = await ListClusters.HandleAsync(new ListClustersQuery());
        _cluster = result.Value?.FirstOrDefault(c => c.Status.ClusterId == Id);
        _error = result.Error ?? (_cluster is null ? Error.NotFound("The cluster") : null);
    }

    private async Task TestAsync()
    {
        _testing = true;
        var result = await CheckConnection.HandleAsync(new CheckClusterConnectionCommand(Id));
        _testing = false;
        Report(result);
        await LoadAsync();
    }

    private async Task ReplaceCredentialsAsync()
    {
        _busy = true;
        _credentialsError = null;
        var result = await UpdateCredentials.HandleAsync(new UpdateClusterCredentialsCommand(Id, _newKubeconfig ?? ""));
        _busy = false;
        if (result.IsSuccess)
        {
            _newKubeconfig = null;
            Report(result);
            await LoadAsync();
        }
        else _credentialsError = result.Error;
    }

    private void Report(Result<ClusterHealthView> result)
    {
        if (!result.IsSuccess)
        {
            Snackbar.Add(result.Error!.Message, Severity.Error);
            return;
        }
        var v = result.Value!;
        Snackbar.Add($"{v.Name}: {v.Health}{(v.Message is null ? "" : " — " + v.Message)}",
            v.Health == ClusterHealth.Reachable ? Severity.Success : Severity.Error);
    }
}
