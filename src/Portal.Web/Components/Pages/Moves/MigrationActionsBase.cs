using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;

namespace Portal.Web.Components.Pages.Moves;

/// <summary>What the wave's and the application's action components share: one action at a time, its error kept to
/// show in the component, a snackbar on success, and the plan page asked to re-read itself afterwards.</summary>
public abstract class MigrationActionsBase : ComponentBase
{
    [Parameter] public EventCallback OnChanged { get; set; }

    [Inject] protected ISnackbar Snackbar { get; set; } = default!;

    internal Error? ActionError { get; private set; }
    internal bool Busy { get; private set; }

    protected async Task RunAsync<T>(Func<Task<Result<T>>> action, Func<T, string> success)
    {
        if (Busy) return; // a second click while the first is on its way does nothing
        Busy = true;
        ActionError = null;
        try
        {
            var result = await action();
            if (result.IsSuccess) Snackbar.Add(success(result.Value!), Severity.Success);
            else ActionError = result.Error;
        }
        finally
        {
            Busy = false;
        }
        await OnChanged.InvokeAsync();
    }
}
