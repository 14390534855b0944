using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Moves;
using Portal.Domain.Moves;

namespace Portal.Execution.Moves;

/// <summary>Before a move touches anything: the target answers, both namespaces are still the tenant's to use, and what
/// the GitOps switch-over will need on the target is there (read again now), so a move never ends with the source down
/// and GitOps not switched. A target that is down pauses the application here, with the source untouched.</summary>
internal sealed class MovePreflight(IMigrationClusterGateway kube, MoveNamespaces namespaces)
{
    public async Task CheckAsync(MigrationRun m, CancellationToken ct)
    {
        await AskTargetAsync(m, ct);
        await MoveNamespaces.CheckSourceAsync(m, ct);
        await namespaces.CheckTargetAsync(m, ct);
        // A recovery's source is lost: what it knew of GitOps is in the plan, and nothing asks the source.
        if (!m.IsRecovery) await CheckGitOpsSwitchAsync(m, ct);
    }

    /// <summary>Asks each cluster for one object; one that does not answer throws its <see cref="MigrationClusterException"/>
    /// (transient: the move pauses). Used before the first step, and when a wait ran out, to tell an outage from a failure.</summary>
    public async Task CheckReachableAsync(MigrationRun m, CancellationToken ct)
    {
        await AskTargetAsync(m, ct);
        if (m.IsRecovery) return; // the lost source is never asked
        await m.OnSource(c => kube.GetAsync(c, "v1", "Namespace", null, "kube-system", ct));
    }

    private Task AskTargetAsync(MigrationRun m, CancellationToken ct) =>
        m.OnTarget(c => kube.GetAsync(c, "v1", "Namespace", null, "kube-system", ct));

    private async Task CheckGitOpsSwitchAsync(MigrationRun m, CancellationToken ct)
    {
        var g = m.App.GitOps;
        if (g.Kind == GitOpsKind.None) return;
        var obj = await m.OnSource(c => kube.ReadGitOpsAsync(c, g, ct));
        if (obj is null) return; // the freeze step says so, in its own words
        var facts = await m.OnTarget(c => kube.ReadFactsAsync(c, m.TargetVeleroNamespace, ct));
        var findings = await MigrationRun.On(m.Target, () => new GitOpsTargetCheck(kube).CheckAsync(m.App, obj.Object, m.Source, m.Target, facts, ct));
        if (findings.Count > 0)
            throw new StepFailedException($"Switching GitOps to {m.TargetCluster.Name} would fail: {string.Join(" ", findings.Select(f => f.Message))} Fix it, then retry the move.");
    }
}
