using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;

namespace Portal.Execution.Moves.ApplicationSteps;

/// <summary>Waits until the application runs on the target: every workload available, every claim bound.</summary>
internal sealed class VerifyStep(IMigrationClusterGateway kube, IOptions<MigrationOptions> options) : IApplicationMoveStep
{
    public async Task<StepOutcome> RunAsync(MigrationRun m, CancellationToken ct)
    {
        var ready = await m.OnTarget(c => kube.WaitForWorkloadsReadyAsync(c, m.App.TargetNamespace, options.Value.VerifyTimeout, readiness =>
            m.SaveAsync((a, now) => a.ReportStep(MigrationStep.Verify, readiness.ToString(), now), null, null, ct), ct));
        return StepOutcome.Done($"{ready} on {m.TargetCluster.Name}.");
    }
}
