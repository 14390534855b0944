using Portal.Application.Abstractions.Clusters;
using Portal.Moves.Transform;

namespace Portal.Execution.Moves.ApplicationSteps;

/// <summary>Exports the source namespace and transforms it for the target (mappings applied); kept encrypted in the run
/// state, exported once, before anything is stopped.</summary>
internal sealed class ExportStep(IMigrationClusterGateway kube) : IApplicationMoveStep
{
    public async Task<StepOutcome> RunAsync(MigrationRun m, CancellationToken ct)
    {
        if (m.State.ManifestsJson is not null) return StepOutcome.Done($"{m.State.ExportedObjects} objects to apply (exported before the quiesce).");
        var ns = m.App.SourceNamespace;
        var export = await m.OnSource(c => kube.ExportNamespaceAsync(c, ns, ct));
        if (export.Objects.Count == 0)
            throw new StepFailedException($"Namespace {ns} on {m.SourceCluster.Name} has no objects (is it still there?); there is nothing to move.");
        TransformResult t;
        try
        {
            t = ManifestTransformer.Transform(export.Objects, m.App.EffectiveMappings);
        }
        catch (ArgumentException ex)
        {
            throw new StepFailedException($"The mappings cannot be used: {ex.Message}");
        }
        var notes = t.Notes.Concat(export.Unreadable.Select(u => $"Not exported: {u}")).ToList();
        await m.SaveStateAsync(s => s with
        {
            ManifestsJson = m.ProtectManifests(t.Objects),
            ManifestsYaml = t.ToReviewYaml(),
            ExportedObjects = t.Objects.Count,
            Notes = [.. s.Notes, .. notes.Where(n => !s.Notes.Contains(n))],
        }, ct);
        return StepOutcome.Done($"{export.Objects.Count} objects exported from {ns}; {t.Objects.Count} to apply on {m.TargetCluster.Name}, " +
                    $"{t.Skipped.Count} left out (the target recreates them)" + (export.Unreadable.Count > 0 ? $"; {export.Unreadable.Count} type(s) could not be read" : "") + ".");
    }
}
