using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Common;
using Portal.Application.Features.Moves;
using Portal.Application.Features.Moves.Applications;
using Portal.Web.Components.Pages.Moves.Dialogs;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Moves.AppPanel;

/// <summary>The application's actions, each through its use case; the plan page re-reads itself afterwards.</summary>
public partial class ApplicationPanel
{
    [Parameter, EditorRequired] public MigrationPlanView Plan { get; set; } = default!;
    [Parameter, EditorRequired] public MigrationWaveView Wave { get; set; } = default!;
    [Parameter, EditorRequired] public MigrationApplicationView View { get; set; } = default!;
    [Parameter] public EventCallback OnClose { get; set; }

    [Inject] private ChangeMigrationApplication Change { get; set; } = default!;
    [Inject] private RunMigrationPreflight Preflight { get; set; } = default!;
    [Inject] private AcknowledgeMigrationWarnings AcknowledgeWarnings { get; set; } = default!;
    [Inject] private AcknowledgeMigrationAsOwner AcknowledgeAsOwner { get; set; } = default!;
    [Inject] private RemoveMigrationApplication Remove { get; set; } = default!;
    [Inject] private Portal.Application.Features.Moves.Waves.RetryMigrationStep Retry { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;


    private string Namespace => View.Application.SourceNamespace;

    private Task SaveAsync(ChangeMigrationApplicationCommand command) =>
        RunAsync(() => Change.HandleAsync(command), _ => $"{Namespace} saved; run its preflight again.");

    private Task PreflightAsync() =>
        RunAsync(() => Preflight.HandleAsync(new RunMigrationPreflightCommand(Wave.Wave.Id, View.Application.Id)),
            s => $"Preflight of {Namespace}: {s.Errors} error(s), {s.Warnings} warning(s).");

    private Task AcknowledgeWarningsAsync() =>
        RunAsync(() => AcknowledgeWarnings.HandleAsync(new AcknowledgeMigrationWarningsCommand(View.Application.Id)),
            _ => $"The preflight's warnings for {Namespace} are acknowledged.");

    private Task AcknowledgeMoveAsync() =>
        RunAsync(() => AcknowledgeAsOwner.HandleAsync(new AcknowledgeMigrationAsOwnerCommand(View.Application.Id)),
            _ => $"You acknowledged the move of {Namespace} in wave {Wave.Wave.Name}.");

    private async Task RemoveAsync()
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Take {Namespace} out of the wave?",
                "Its playbook choice, mappings and preflight results are forgotten; you can add it again later.", "Remove", Color.Error))
            return;
        await RunAsync(() => Remove.HandleAsync(new RemoveMigrationApplicationCommand(View.Application.Id)), _ => $"{Namespace} taken out of the wave.");
        await OnClose.InvokeAsync();
    }

    /// <summary>The failed step runs again once its cause is fixed; what was done stays done.</summary>
    private async Task RetryAsync()
    {
        var step = View.Application.FailedStepTitle ?? "the move";
        var reason = await CommentDialog.AskAsync(Dialogs, $"Retry {step} of {Namespace}",
            "The move goes on from the failed step; the steps done stay done. Say what was fixed, for the owners and the audit log.",
            "Retry", required: true, Color.Primary, "Say what was fixed before retrying.");
        if (reason is null) return;
        await RunAsync(() => Retry.HandleAsync(new Portal.Application.Features.Moves.Waves.RetryMigrationStepCommand(Wave.Wave.Id, View.Application.Id, reason)),
            _ => $"{Namespace}: {step} runs again; the board follows it.");
    }

    private async Task RollBackAsync()
    {
        if (await RollbackDialog.AskAsync(Dialogs, Wave.Wave.Id, View.Application.Id, Namespace) is not null)
        {
            Snackbar.Add($"Rollback of {Namespace} asked for; the board follows it.", Severity.Info);
            await OnChanged.InvokeAsync();
        }
    }
}
