using Microsoft.AspNetCore.Components;
using Portal.Application.Common;
using Portal.Application.Features.Moves.Recovery;

namespace Portal.Web.Components.Pages.Recovery;

/// <summary>"Recover cluster ...": offered on a lost cluster's page to SREs and platform engineers; builds the plan from the
/// portal's records and the chosen replacement (the use cases decide who may, again).</summary>
public partial class RecoverCluster
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private GetClusterRecovery GetRecovery { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private ClusterRecoveryView? View { get; set; }
    private Error? LoadError { get; set; }

    protected override Task OnParametersSetAsync() => LoadAsync(null);

    private async Task LoadAsync(Guid? replacement)
    {
        var result = await GetRecovery.HandleAsync(new GetClusterRecoveryQuery(Id, replacement));
        View = result.Value;
        LoadError = result.Error;
    }

    private Task ChooseAsync(Guid? replacement) => LoadAsync(replacement);

    private void Created(Guid planId) => Navigation.NavigateTo($"/migrations/{planId}");
}
