using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Moves;
using Portal.Application.Features.Moves.Applications;
using Portal.Application.Features.Moves.Waves;
using Portal.Web.Components.Pages.Moves.Dialogs;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Moves;

/// <summary>The wave's actions, each through its use case; the plan page re-reads itself afterwards.</summary>
public partial class WaveSection
{
    [Parameter, EditorRequired] public MigrationPlanView Plan { get; set; } = default!;
    [Parameter, EditorRequired] public MigrationWaveView View { get; set; } = default!;
    [Parameter] public Guid? SelectedApplicationId { get; set; }
    [Parameter] public EventCallback<Guid?> OnSelect { get; set; }

    [Inject] private RunMigrationPreflight Preflight { get; set; } = default!;
    [Inject] private SubmitMigrationWave Submit { get; set; } = default!;
    [Inject] private WithdrawMigrationWave Withdraw { get; set; } = default!;
    [Inject] private DecideOnMigrationWave Decide { get; set; } = default!;
    [Inject] private CloseMigrationWave Close { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;


    private string Name => View.Wave.Name;

    private async Task EditAsync()
    {
        if (await WaveDialog.AskAsync(Dialogs, Plan.Plan.Id, View.Wave)) await OnChanged.InvokeAsync();
    }

    private async Task AddApplicationAsync()
    {
        await AddApplicationDialog.AskAsync(Dialogs, Plan.Plan.Id, View.Wave);
        await OnChanged.InvokeAsync();
    }

    private Task PreflightAsync() => RunAsync(() => Preflight.HandleAsync(new RunMigrationPreflightCommand(View.Wave.Id)),
        s => $"Preflight of {s.Applications} application(s): {s.Errors} error(s), {s.Warnings} warning(s).");

    private Task SubmitAsync() => RunAsync(() => Submit.HandleAsync(new SubmitMigrationWaveCommand(View.Wave.Id)),
        _ => $"Wave {Name} submitted: a platform engineer decides on it.");

    private Task WithdrawAsync() => RunAsync(() => Withdraw.HandleAsync(new WithdrawMigrationWaveCommand(View.Wave.Id)),
        _ => $"Wave {Name} is back in planning.");

    private async Task ApproveAsync()
    {
        var comment = await CommentDialog.AskAsync(Dialogs, $"Approve wave {Name}?",
            $"{View.Applications.Count} application(s) move from {Plan.SourceCluster} to {Plan.TargetCluster} inside the window "
            + $"{MigrationText.Window(View.Wave)}, {View.Wave.ConcurrencyLimit} at a time. A note is optional.", "Approve", required: false, Color.Success);
        if (comment is null) return;
        await RunAsync(() => Decide.HandleAsync(new DecideOnMigrationWaveCommand(View.Wave.Id, true, comment)),
            _ => $"Wave {Name} approved: it runs inside its window.");
    }

    private async Task SendBackAsync()
    {
        var comment = await CommentDialog.AskAsync(Dialogs, $"Send wave {Name} back to planning?",
            "Say what has to change, so the architect knows.", "Send back", required: true, Color.Warning,
            "Say why the wave goes back to planning, so the architect knows what to change.");
        if (comment is null) return;
        await RunAsync(() => Decide.HandleAsync(new DecideOnMigrationWaveCommand(View.Wave.Id, false, comment)),
            _ => $"Wave {Name} sent back to planning.");
    }

    private async Task RollBackAsync()
    {
        if (await RollbackDialog.AskAsync(Dialogs, View.Wave.Id, null, Name) is { } n)
        {
            Snackbar.Add($"Rollback of {n} application(s) of wave {Name} asked for.", Severity.Info);
            await OnChanged.InvokeAsync();
        }
    }

    private async Task CloseAsync()
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Close wave {Name}?",
                "Closing makes the moves final: rollback is no longer offered. The sources stay scaled down (and their GitOps frozen) for their owners to remove.",
                "Close the wave"))
            return;
        await RunAsync(() => Close.HandleAsync(new CloseMigrationWaveCommand(View.Wave.Id)), _ => $"Wave {Name} closed.");
    }
}
