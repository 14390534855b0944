using System.Text.Json.Nodes;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;

namespace Portal.Execution.Moves;

/// <summary>The objects a data move makes for a while (claims, Jobs, Secrets, Services) on the source or the target:
/// each has a deterministic name, is looked up before it is created, and is recorded before it is created
/// (<see cref="MigrationRunState.CreatedOnSource"/> or <see cref="MigrationRunState.CreatedOnTarget"/>), so a second run
/// continues instead of making another and a rollback finds it even after a crash.</summary>
internal sealed class ScratchObjects(IMigrationClusterGateway kube)
{
    /// <summary>Creates <paramref name="manifest"/> (which <paramref name="r"/> names) unless it is there; an object of
    /// that name already there is left as it is and not recorded.</summary>
    public async Task EnsureAsync(MigrationRun m, bool onSource, ObjectReference r, JsonObject manifest, CancellationToken ct)
    {
        var cluster = onSource ? m.Source : m.Target;
        if (await MigrationRun.On(cluster, () => kube.GetAsync(cluster, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct)) is not null) return;
        if (onSource && !m.State.CreatedOnSource.Contains(r))
            await m.SaveStateAsync(s => s.CreatedOnSource.Contains(r) ? s : s with { CreatedOnSource = [.. s.CreatedOnSource, r] }, ct);
        if (!onSource && !m.State.CreatedOnTarget.Contains(r))
            await m.SaveStateAsync(s => s.CreatedOnTarget.Contains(r) ? s : s with { CreatedOnTarget = [.. s.CreatedOnTarget, r] }, ct);
        await MigrationRun.On(cluster, () => kube.ApplyAsync(cluster, manifest, m.Owner, ct));
    }

    /// <summary>Deletes the object (gone already is fine) and forgets it.</summary>
    public async Task RemoveAsync(MigrationRun m, bool onSource, ObjectReference r, CancellationToken ct)
    {
        var cluster = onSource ? m.Source : m.Target;
        await MigrationRun.On(cluster, () => kube.DeleteAsync(cluster, r.ApiVersion, r.Kind, r.Namespace, r.Name, ct));
        if (onSource && m.State.CreatedOnSource.Contains(r))
            await m.SaveStateAsync(s => s with { CreatedOnSource = s.CreatedOnSource.Where(x => x != r).ToList() }, ct);
        if (!onSource && m.State.CreatedOnTarget.Contains(r))
            await m.SaveStateAsync(s => s with { CreatedOnTarget = s.CreatedOnTarget.Where(x => x != r).ToList() }, ct);
    }
}
