using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Moves;
using Portal.Domain.Moves;

namespace Portal.Execution.Moves.ApplicationSteps;

/// <summary>Turns the source's GitOps sync off (Argo CD automated sync, Flux suspend), remembering how it was, so GitOps
/// does not bring back what the move stops.</summary>
internal sealed class FreezeGitOpsStep(IMigrationClusterGateway kube) : IApplicationMoveStep
{
    public async Task<StepOutcome> RunAsync(MigrationRun m, CancellationToken ct)
    {
        var g = m.App.GitOps;
        if (g.Kind == GitOpsKind.None) return StepOutcome.Skipped("Not deployed by Argo CD or Flux: there is no GitOps sync to freeze.");
        var obj = await m.OnSource(c => kube.ReadGitOpsAsync(c, g, ct))
            ?? throw new StepFailedException($"{g} is not on {m.SourceCluster.Name} any more; nothing was frozen.");
        if (m.State.Freeze is null)
        {
            // The object may have changed since the preflight: freezing one that deploys elsewhere would stop other applications.
            if (MigrationInspector.GitOpsProblem(m.App, obj.Object, m.SourceCluster.Name) is { } changed)
                throw new StepFailedException($"{changed} It changed after the preflight; nothing was frozen.");
            var freeze = g.Kind == GitOpsKind.ArgoCdApplication
                ? new GitOpsFreeze(obj.Ref, obj.ArgoAutomatedJson, null)
                : new GitOpsFreeze(obj.Ref, null, obj.FluxSuspended);
            await m.SaveStateAsync(s => s with { Freeze = freeze }, ct);
            if (obj.OwnedByApplicationSet)
                await m.NoteAsync($"{g} belongs to an ApplicationSet, which reverts the freeze unless it ignores /spec/syncPolicy (ignoreApplicationDifferences).", ct);
        }
        var until = m.Wave.NotAfter.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        var notice = new GitOpsFreezeNotice(
            $"migration wave \"{m.Wave.Name}\" of plan \"{m.Plan.Name}\", approved by {m.Wave.DecidedByName ?? "a platform engineer"}",
            $"moving {m.App.SourceNamespace} from {m.SourceCluster.Name} to {m.TargetCluster.Name}; the source stays frozen until the wave is closed or rolled back",
            until);
        if (!await m.OnSource(c => kube.FreezeGitOpsAsync(c, g, notice, ct)))
            throw new StepFailedException($"{g} disappeared from {m.SourceCluster.Name} while it was being frozen.");
        return StepOutcome.Done(g.Kind == GitOpsKind.ArgoCdApplication
            ? $"Automated sync of {g} turned off until {until}."
            : $"{g} suspended until {until}.");
    }
}
