using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using Portal.Domain.Moves;
using Portal.Moves.Transfer;

namespace Portal.Execution.Moves;

/// <summary>
/// One rsync copy of a claim: on the target an rsync daemon Job mounting the new claim (credentials from a generated
/// Secret) behind stunnel and a LoadBalancer Service; on the source a client Job mounting the old claim that sends
/// everything through its own stunnel (TLS with a certificate authority made for this copy, <see cref="TransferTls"/>),
/// then a marker that ends the daemon (<see cref="RsyncTransferObjects"/>). Both Jobs are followed to their end on the
/// Job watch (<see cref="JobWaiter"/>).
/// </summary>
internal sealed class ClaimTransfer(IMigrationClusterGateway kube, ScratchObjects scratch, JobWaiter jobs, IOptions<MigrationOptions> options)
{
    /// <summary>How long the target may take to give the receiver's Service an address.</summary>
    private static readonly TimeSpan AddressTimeout = TimeSpan.FromMinutes(10);
    private readonly MigrationOptions _o = options.Value;

    public async Task TransferAsync(MigrationRun m, string claim, TransferNames n, CancellationToken ct)
    {
        var srcNs = m.App.SourceNamespace;
        var tgtNs = m.App.TargetNamespace;
        var t = new RsyncTransfer(new Dictionary<string, string>
        {
            [m.Owner.Key] = m.Owner.Value,
            ["app.kubernetes.io/managed-by"] = PortalLabels.ManagedByValue,
        }, _o.RsyncImage, TransferTls.ServerName);

        // Credentials and TLS: made once, kept in the target's Secret; a second run reads them back.
        var existing = await m.OnTarget(c => kube.GetOwnSecretValuesAsync(c, tgtNs, n.Secret, ct));
        var password = existing?.GetValueOrDefault("password") ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var tls = existing?.GetValueOrDefault("ca.crt") is { } ca && existing.GetValueOrDefault("tls.crt") is { } crt && existing.GetValueOrDefault("tls.key") is { } key
            ? new RsyncTls(ca, crt, key)
            : TransferTls.Create(m.Run.Now);
        await scratch.EnsureAsync(m, onSource: false, new("v1", "Secret", tgtNs, n.Secret),
            RsyncTransferObjects.Secret(t, tgtNs, n.Secret, password, tls, receiver: true), ct);
        await scratch.EnsureAsync(m, onSource: false, new("batch/v1", "Job", tgtNs, n.Receiver),
            RsyncTransferObjects.ReceiverJob(t, tgtNs, n.Receiver, n.Secret, claim), ct);
        await scratch.EnsureAsync(m, onSource: false, new("v1", "Service", tgtNs, n.Receiver),
            RsyncTransferObjects.ReceiverService(t, tgtNs, n.Receiver, _o.TransferSourceRanges), ct);

        var address = await AddressAsync(m, claim, n.Receiver, ct);

        await scratch.EnsureAsync(m, onSource: true, new("v1", "Secret", srcNs, n.Secret),
            RsyncTransferObjects.Secret(t, srcNs, n.Secret, password, tls, receiver: false), ct);
        await scratch.EnsureAsync(m, onSource: true, new("batch/v1", "Job", srcNs, n.Sender),
            RsyncTransferObjects.SenderJob(t, srcNs, n.Sender, n.Secret, claim, address), ct);

        await WaitForJobAsync(m, m.Source, srcNs, n.Sender, claim, ct);
        await WaitForJobAsync(m, m.Target, tgtNs, n.Receiver, claim, ct);
        await m.SaveStateAsync(s => s.CopiedClaims.Contains(claim) ? s : s with { CopiedClaims = [.. s.CopiedClaims, claim] }, ct);
    }

    /// <summary>Waits (the one cluster wait) until the receiver's Service has an address, saying once on the board that it
    /// waits, for at most <see cref="AddressTimeout"/>.</summary>
    private async Task<string> AddressAsync(MigrationRun m, string claim, string receiver, CancellationToken ct)
    {
        var ns = m.App.TargetNamespace;
        try
        {
            return await m.OnTarget(c => kube.WaitForLoadBalancerAddressAsync(c, ns, receiver, AddressTimeout,
                () => ReportAsync(m, $"Claim {claim}: waiting for a LoadBalancer address on {m.TargetCluster.Name} for Service {ns}/{receiver}", ct), ct));
        }
        catch (ClusterWaitTimeoutException e)
        {
            throw new ClusterWaitTimeoutException($"Gave up waiting for an address for the rsync Service {receiver} on {m.TargetCluster.Name} " +
                $"(does {m.TargetCluster.Name} provide LoadBalancers?) after {Durations.Words(AddressTimeout)}.", e.NotReady);
        }
    }

    /// <summary>Follows an rsync Job to its end (saying once on the board that it waits); its failure in the Job's words.</summary>
    private async Task WaitForJobAsync(MigrationRun m, ClusterConnection cluster, string ns, string name, string claim, CancellationToken ct)
    {
        var said = false;
        JobRunStatus done;
        try
        {
            done = await MigrationRun.On(cluster, () => jobs.UntilFinishedAsync(cluster, ns, name, _o.DataCopyTimeout, async _ =>
            {
                if (said) return;
                said = true;
                await ReportAsync(m, $"Copying claim {claim}: waiting for the rsync Job {ns}/{name} on {cluster.ClusterName}", ct);
            }, ct));
        }
        catch (MigrationClusterException e) when (e.Fault.Fault == ClusterFault.NotFound)
        {
            throw new StepFailedException($"The rsync Job {ns}/{name} on {cluster.ClusterName} disappeared before it finished copying claim {claim}.");
        }
        catch (ClusterWaitTimeoutException e)
        {
            throw new ClusterWaitTimeoutException($"Gave up waiting for the rsync Job {name} on {cluster.ClusterName} after {Durations.Words(_o.DataCopyTimeout)}: {e.NotReady[0].Reason}.", e.NotReady);
        }
        if (done.Failed)
            throw new StepFailedException($"Copying claim {claim} failed: the rsync Job {ns}/{name} on {cluster.ClusterName} says {done.FailureReason ?? "it failed"}.");
    }

    private static Task ReportAsync(MigrationRun m, string board, CancellationToken ct) =>
        m.SaveAsync((a, now) => a.ReportStep(MigrationStep.MoveData, board, now), null, null, ct);
}
