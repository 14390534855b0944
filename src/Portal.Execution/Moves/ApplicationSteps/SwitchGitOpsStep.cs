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

    /// <summary>A recovery re-creates the GitOps object the portal recorded on the lost cluster, on the replacement, after the
    /// data is restored, with the migration's own writes: an Argo CD Application deploying to the replacement itself
    /// (<c>spec.destination</c> re-pointed), a Flux Kustomization in its namespace there (with its source when the replacement
    /// lacks it). An object of that name there that this recovery did not make fails the step, nothing written. When the
    /// portal never recorded the spec, an object already there is left as it is; else the step says what to re-create.</summary>
    private async Task<StepOutcome> RecreateForRecoveryAsync(MigrationRun m, CancellationToken ct)
    {
        var g = m.App.GitOps;
        var recorded = await RecoveryGitOps.RecordedAsync(m, ct);
        if (recorded is null)
        {
            var onTarget = await m.OnTarget(c => kube.ReadGitOpsAsync(c, g, ct));
            if (onTarget is not null)
                return StepOutcome.Done($"{g} exists on {m.TargetCluster.Name} already (not made by the portal): left as it is; it deploys the restored namespace {m.App.TargetNamespace}.");
            var note = $"The portal knew {g} deployed {m.App.SourceNamespace} on the lost cluster {m.SourceCluster.Name} but never recorded its spec, so it was not re-created: " +
                       $"{m.App.TargetNamespace} runs from the backup only. Re-create it from your Git repository, pointed at {m.TargetCluster.Name} ({m.TargetCluster.ApiServerUrl}), namespace {m.App.TargetNamespace}.";
            await m.NoteAsync(note, ct);
            return StepOutcome.Skipped(note);
        }

        // Checked again right before writing: someone may have made one of that name on the replacement since the data came back.
        await RecoveryGitOps.CheckReplacementAsync(m, kube, ct);
        var source = RecoveryGitOps.Object(recorded);
        var when = $"as the portal recorded it on {m.SourceCluster.Name} at {recorded.ObservedAt:yyyy-MM-dd HH:mm} UTC";
        if (g.Kind == GitOpsKind.ArgoCdApplication)
        {
            var app = await m.OnTarget(c => kube.CreateArgoApplicationAsync(c, source, m.App.TargetNamespace, source.ArgoAutomatedJson, m.Owner, ct));
            Taken(m, app);
            await RecordAsync(m, app, ct);
            return StepOutcome.Done($"Re-created on {m.TargetCluster.Name}: Argo CD Application {g.Namespace}/{g.Name} ({when}), now deploying to {m.TargetCluster.Name} itself, " +
                                    $"namespace {m.App.TargetNamespace}, with the sync policy it had.");
        }

        var made = new List<string>();
        if (source.FluxSource is { } r && await m.OnTarget(c => kube.ReadFluxSourceAsync(c, r, ct)) is null)
        {
            var what = $"{r.Kind} {r.Namespace}/{r.Name}";
            var repo = RecoveryGitOps.Source(recorded, r)
                ?? throw new StepFailedException($"The {what} that {g} reads is not on {m.TargetCluster.Name}, and the portal did not record it on {m.SourceCluster.Name}; nothing was re-created. Create it there, then recover the application again.");
            var applied = await m.OnTarget(c => kube.CreateFluxSourceAsync(c, repo, m.Owner, ct));
            Taken(m, applied);
            await RecordAsync(m, applied, ct);
            made.Add(what);
            if (repo.SecretName is { } secret)
                await m.NoteAsync($"{what} reads Secret {secret}; the portal never copies Secrets: make sure it exists on {m.TargetCluster.Name}.", ct);
        }
        var kustomization = await m.OnTarget(c => kube.CreateKustomizationAsync(c, source, m.App.SourceNamespace, m.App.TargetNamespace, m.Owner, ct));
        Taken(m, kustomization);
        await RecordAsync(m, kustomization, ct);
        made.Add($"Flux Kustomization {g.Namespace}/{g.Name}");
        return StepOutcome.Done($"Re-created on {m.TargetCluster.Name} ({when}): {string.Join(", ", made)}, deploying to {m.App.TargetNamespace} (not suspended).");
    }

    /// <summary>Another writer made an object of that name between the check and the write: nothing of it was changed.</summary>
    private static void Taken(MigrationRun m, AppliedObject applied)
    {
        if (applied.Result == ApplyResult.LeftExisting)
            throw new StepFailedException($"{applied.Ref} appeared on {m.TargetCluster.Name}, not made by this recovery: it was left as it is and nothing of it was re-created.");
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
