using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;

namespace Portal.Execution.Moves.ApplicationSteps;

/// <summary>Hands the application's GitOps over to the target: a central Argo CD's Application is repointed; with Argo
/// CD or Flux on each cluster, the target gets its own copy (and Flux its source). The source's stays frozen.</summary>
internal sealed class SwitchGitOpsStep(IMigrationClusterGateway kube) : IApplicationMoveStep
{
    public async Task<StepOutcome> RunAsync(MigrationRun m, CancellationToken ct)
    {
        var g = m.App.GitOps;
        if (g.Kind == GitOpsKind.None) return StepOutcome.Skipped(m.IsRecovery
            ? "The portal knew no Argo CD or Flux object deploying it: restored from the backup only."
            : "Not deployed by Argo CD or Flux: nothing to switch.");
        if (m.IsRecovery) return await RecreateForRecoveryAsync(m, ct);
        var source = await m.OnSource(c => kube.ReadGitOpsAsync(c, g, ct))
            ?? throw new StepFailedException($"{g} is not on {m.SourceCluster.Name} any more; GitOps was not switched.");
        return g.Kind == GitOpsKind.ArgoCdApplication ? await SwitchArgoAsync(m, source, ct) : await SwitchFluxAsync(m, source, ct);
    }

    private async Task<StepOutcome> SwitchArgoAsync(MigrationRun m, GitOpsObject source, CancellationToken ct)
    {
        var g = m.App.GitOps;
        var priorAutomated = m.State.Freeze?.PriorArgoAutomatedJson;
        if (m.State.Switch is null && !source.ArgoDeploysInCluster)
        {
            // A central Argo CD that deploys to remote clusters: the same Application now deploys to the target.
            await m.SaveStateAsync(s => s with { Switch = new GitOpsSwitch([], source.Ref, source.ArgoDestination) }, ct);
        }
        if (m.State.Switch?.RepointedOnSource is not null)
        {
            await m.OnSource(c => kube.RepointArgoApplicationAsync(c, source.Ref, m.TargetCluster.ApiServerUrl, m.App.TargetNamespace, priorAutomated, ct));
            return StepOutcome.Done($"{g} now deploys to {m.TargetCluster.Name} ({m.TargetCluster.ApiServerUrl}), namespace {m.App.TargetNamespace}, with its sync policy as before the freeze.");
        }

        // Argo CD on each cluster: the target's Argo CD takes the application over.
        var created = await RecordAsync(m, await m.OnTarget(c => kube.CreateArgoApplicationAsync(c, source, m.App.TargetNamespace, priorAutomated, m.Owner, ct)), ct);
        return StepOutcome.Done(created
            ? $"Argo CD Application {g.Namespace}/{g.Name} created on {m.TargetCluster.Name}, deploying to {m.App.TargetNamespace} with the sync policy the source had; the source's stays frozen."
            : $"An Argo CD Application {g.Namespace}/{g.Name} was on {m.TargetCluster.Name} already and is not the portal's: left as it was.");
    }

    private async Task<StepOutcome> SwitchFluxAsync(MigrationRun m, GitOpsObject source, CancellationToken ct)
    {
        var g = m.App.GitOps;
        var made = new List<string>();
        if (source.FluxSource is { } r && await m.OnTarget(c => kube.ReadFluxSourceAsync(c, r, ct)) is null)
        {
            var what = $"{r.Kind} {r.Namespace}/{r.Name}";
            var repo = await m.OnSource(c => kube.ReadFluxSourceAsync(c, r, ct))
                ?? throw new StepFailedException($"The {what} that {g} reads is on neither cluster.");
            if (await RecordAsync(m, await m.OnTarget(c => kube.CreateFluxSourceAsync(c, repo, m.Owner, ct)), ct)) made.Add(what);
            if (repo.SecretName is { } secret)
                await m.NoteAsync($"{what} reads Secret {secret}; make sure it exists on {m.TargetCluster.Name}.", ct);
        }
        var kustomization = await m.OnTarget(c => kube.CreateKustomizationAsync(c, source, m.App.SourceNamespace, m.App.TargetNamespace, m.Owner, ct));
        if (await RecordAsync(m, kustomization, ct)) made.Add($"Kustomization {g.Namespace}/{g.Name}");
        return StepOutcome.Done(made.Count > 0
            ? $"Created on {m.TargetCluster.Name}: {string.Join(", ", made)} (not suspended); the source's stays suspended."
            : $"The Flux objects were on {m.TargetCluster.Name} already and are not the portal's: left as they were.");
    }

    /// <summary>A recovery re-creates what the portal knows of the GitOps object on the replacement. The portal records the
    /// object's kind, name and namespace, not its spec (that lived on the lost cluster): when the replacement has it
    /// already (the same repository bootstraps it there), it is left as it is; otherwise the step says what to re-create.</summary>
    private async Task<StepOutcome> RecreateForRecoveryAsync(MigrationRun m, CancellationToken ct)
    {
        var g = m.App.GitOps;
        var onTarget = await m.OnTarget(c => kube.ReadGitOpsAsync(c, g, ct));
        if (onTarget is not null)
            return StepOutcome.Done($"{g} exists on {m.TargetCluster.Name} already (not made by the portal): left as it is; it deploys the restored namespace {m.App.TargetNamespace}.");
        var note = $"The portal knew {g} deployed {m.App.SourceNamespace} on the lost cluster {m.SourceCluster.Name} but never recorded its spec, so it was not re-created: " +
                   $"{m.App.TargetNamespace} runs from the backup only. Re-create it from your Git repository, pointed at {m.TargetCluster.Name} ({m.TargetCluster.ApiServerUrl}), namespace {m.App.TargetNamespace}.";
        await m.NoteAsync(note, ct);
        return StepOutcome.Skipped(note);
    }

    /// <summary>Records a GitOps object written on the target (rollback removes it); false when one that is not the portal's was there.</summary>
    private static async Task<bool> RecordAsync(MigrationRun m, AppliedObject applied, CancellationToken ct)
    {
        if (applied.Result == ApplyResult.LeftExisting) return false;
        var r = applied.Ref;
        await m.SaveStateAsync(s =>
        {
            var sw = s.Switch ?? new GitOpsSwitch([]);
            return sw.CreatedOnTarget.Contains(r) ? s : s with { Switch = sw with { CreatedOnTarget = [.. sw.CreatedOnTarget, r] } };
        }, ct);
        return true;
    }
}
