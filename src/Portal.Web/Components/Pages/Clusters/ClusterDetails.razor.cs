using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.List;
using Portal.Application.Features.Clusters.Register;
using Portal.Application.Features.Clusters.Retire;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Web.Components.Shared;
using Portal.Web.Hosting;

namespace Portal.Web.Components.Pages.Clusters;

public partial class ClusterDetails
{
    [Parameter] public Guid Id { get; set; }
    [CascadingParameter] public MyAccess? Access { get; set; }

    [Inject] private ListClusters ListClusters { get; set; } = default!;
    [Inject] private CheckClusterConnection CheckConnection { get; set; } = default!;
    [Inject] private UpdateClusterCredentials UpdateCredentials { get; set; } = default!;
    [Inject] private RetireCluster Retire { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;

    private ClusterSummary? _cluster;
    private Error? _error, _credentialsError, _retireError;
    private bool _testing, _busy, _serverMoved, _allowHttp;
    private string? _newKubeconfig;

    /// <summary>Platform engineers of the estate or of this cluster (the use cases decide again).</summary>
    private bool CanManage => Access.HasEstateWide(Permission.ManageClusters)
        || (_cluster is not null && Access?.Grants.Any(g => g.ScopeKind == ScopeKind.Cluster && g.ScopeName == _cluster.Status.Name
            && g.Persona.Grants(Permission.ManageClusters)) == true);

    /// <summary>SREs and platform engineers of the estate or of this cluster may recover it when it is lost (the use cases decide again).</summary>
    private bool CanRecover => Access.HasEstateWide(Permission.RecoverClusters)
        || (_cluster is not null && Access?.Grants.Any(g => g.ScopeKind == ScopeKind.Cluster && g.ScopeName == _cluster.Status.Name
            && g.Persona.Grants(Permission.RecoverClusters)) == true);

    /// <summary>Only in Development, and only for the demo's simulated clusters.</summary>
    private string? DemoKubeconfig => _cluster is not null && Services.GetService<IHostEnvironment>()?.IsDevelopment() == true
        ? Services.GetService<DemoKubeconfigFiles>()?.PathOf(_cluster.Status.Name) : null;

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
        var result = await UpdateCredentials.HandleAsync(new UpdateClusterCredentialsCommand(Id, _newKubeconfig ?? "", _serverMoved, _allowHttp));
        _busy = false;
        if (result.IsSuccess)
        {
            _newKubeconfig = null;
            Report(result);
            await LoadAsync();
        }
        else _credentialsError = result.Error;
    }

    private async Task RetireAsync()
    {
        var name = _cluster!.Status.Name;
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Retire {name}?",
                $"The portal discards its credential for {name} and stops checking it. Nothing changes on the cluster itself.",
                "Retire", Color.Error)) return;
        await RunRetireAsync(new RetireClusterCommand(Id));
    }

    private async Task RetireWithCascadeAsync()
    {
        var name = _cluster!.Status.Name;
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Retire {name} with everything that uses it?",
                $"{_retireError?.Message}\n\nWith this, the portal cancels the requests waiting to run there, releases every namespace tenants own " +
                "there, marks its dump schedules removed (their CronJobs stay on the cluster) and withdraws migration waves awaiting approval. " +
                "Each step is audited. Nothing on the cluster itself is deleted.",
                "Retire with cascade", Color.Error, typeToConfirm: name)) return;
        await RunRetireAsync(new RetireClusterCommand(Id, Cascade: true, ConfirmName: name));
    }

    private async Task RunRetireAsync(RetireClusterCommand command)
    {
        _busy = true;
        var result = await Retire.HandleAsync(command);
        _busy = false;
        if (!result.IsSuccess)
        {
            _retireError = result.Error;
            return;
        }
        Snackbar.Add($"Cluster {result.Value!.Name} is retired.", Severity.Success);
        Navigation.NavigateTo("/clusters");
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
