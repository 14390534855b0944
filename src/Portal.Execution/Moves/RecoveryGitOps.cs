using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;
using Portal.Domain.Protection;

namespace Portal.Execution.Moves;

/// <summary>
/// A recovery's GitOps object, as the portal recorded it on the lost cluster (<see cref="ObservedGitOpsObject"/>), re-created
/// on the replacement with the migration's own writes (<see cref="IMigrationClusterGateway.CreateArgoApplicationAsync"/>,
/// <see cref="IMigrationClusterGateway.CreateKustomizationAsync"/>, <see cref="IMigrationClusterGateway.CreateFluxSourceAsync"/>).
/// The replacement is checked again before the data is restored and before the object is written: an object of that
/// name there that this recovery did not make is never taken over.
/// </summary>
internal static class RecoveryGitOps
{
    /// <summary>The recorded object of the application's GitOps reference on the lost cluster; null when never recorded.</summary>
    public static async Task<ObservedGitOpsObject?> RecordedAsync(MigrationRun m, CancellationToken ct)
    {
        var g = m.App.GitOps;
        if (g.Kind == GitOpsKind.None) return null;
        await using var db = await m.Run.OpenDbAsync(ct);
        var sourceId = m.SourceCluster.Id;
        var ns = m.App.SourceNamespace;
        return await db.ObservedGitOpsObjects.AsNoTracking().FirstOrDefaultAsync(o =>
            o.ClusterId == sourceId && o.ManagedNamespace == ns && o.Kind == g.Kind && o.Namespace == g.Namespace && o.Name == g.Name, ct);
    }

    /// <summary>The recorded object, read as the migration reads a live one.</summary>
    public static GitOpsObject Object(ObservedGitOpsObject recorded) =>
        GitOpsObject.From(JsonNode.Parse(recorded.ObjectJson) as JsonObject ?? [], recorded.Kind);

    /// <summary>The recorded Flux source, to copy when the replacement lacks it.</summary>
    public static FluxSource? Source(ObservedGitOpsObject recorded, ObjectReference wanted)
    {
        if (recorded.SourceJson is null || JsonNode.Parse(recorded.SourceJson) is not JsonObject o) return null;
        var spec = o["spec"];
        var secret = spec?["secretRef"]?["name"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : null;
        return new FluxSource(wanted, spec?.DeepClone(), secret);
    }

    /// <summary>Fails in words, before anything is written, when the replacement holds an object of that name that this
    /// recovery did not make.</summary>
    public static async Task CheckReplacementAsync(MigrationRun m, IMigrationClusterGateway kube, CancellationToken ct)
    {
        if (await RecordedAsync(m, ct) is null) return;
        var g = m.App.GitOps;
        var there = await m.OnTarget(c => kube.ReadGitOpsAsync(c, g, ct));
        if (there is not null && !MadeByThisRecovery(m, there.Object))
            throw new StepFailedException($"{g} exists on {m.TargetCluster.Name} already and was not made by this recovery: the portal does not take it over, " +
                                          $"nothing was written on {m.TargetCluster.Name}. Remove or rename it there (or let it deploy {m.App.TargetNamespace} and plan without it), then recover the application again.");
    }

    public static bool MadeByThisRecovery(MigrationRun m, JsonObject obj) =>
        obj["metadata"]?["labels"]?[m.Owner.Key] is JsonValue v && v.TryGetValue<string>(out var owner) && owner == m.Owner.Value;
}
