using System.Security.Cryptography;
using System.Text;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Moves;

namespace Portal.Execution.Moves;

/// <summary>
/// Copies claims from the source to the target with rsync, as Crane's transfer-pvc does: <see cref="ClaimTransfer"/>
/// runs one copy (an rsync daemon behind stunnel and a LoadBalancer on the target, a client on the source, TLS with an
/// authority made for the copy); then nothing of it stays reachable. Each object has a deterministic name and is looked
/// up before it is created, so a second run continues the copy.
/// </summary>
internal sealed class DataCopy(IMigrationClusterGateway kube, ClaimTransfer transfer, ScratchObjects scratch)
{
    public async Task<string> CopyClaimsAsync(MigrationRun m, IReadOnlyList<string> claims, CancellationToken ct)
    {
        var i = 0;
        foreach (var claim in claims)
        {
            i++;
            await m.SaveAsync((a, now) => a.ReportStep(MigrationStep.MoveData, $"Copying claim {claim} ({i} of {claims.Count}) with rsync", now), null, null, ct);
            var names = Names(m, claim);
            if (!m.State.CopiedClaims.Contains(claim)) await transfer.TransferAsync(m, claim, names, ct);
            await RemoveAsync(m, names, ct);
        }
        return $"{claims.Count} claim(s) copied with rsync from {m.SourceCluster.Name} to {m.TargetCluster.Name}: {string.Join(", ", claims)}.";
    }

    /// <summary>The names of one claim's copy objects: <c>portal-rsync[-recv|-send]-&lt;hash of application and claim&gt;</c>.</summary>
    public static TransferNames Names(MigrationRun m, string claim)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{m.App.Id}/{claim}")))[..10];
        return new TransferNames($"portal-rsync-{id}", $"portal-rsync-recv-{id}", $"portal-rsync-send-{id}");
    }

    /// <summary>The copy is done: nothing of it should stay reachable (a second run after a crash ends the cleanup).
    /// The target's objects stay recorded (a rollback deletes them again, harmlessly); the source's are forgotten.</summary>
    private async Task RemoveAsync(MigrationRun m, TransferNames n, CancellationToken ct)
    {
        var tgtNs = m.App.TargetNamespace;
        var srcNs = m.App.SourceNamespace;
        await m.OnTarget(c => kube.DeleteAsync(c, "v1", "Service", tgtNs, n.Receiver, ct));
        await m.OnTarget(c => kube.DeleteAsync(c, "v1", "Secret", tgtNs, n.Secret, ct));
        await m.OnTarget(c => kube.DeleteAsync(c, "batch/v1", "Job", tgtNs, n.Receiver, ct));
        await scratch.RemoveAsync(m, onSource: true, new ObjectReference("v1", "Secret", srcNs, n.Secret), ct);
        await scratch.RemoveAsync(m, onSource: true, new ObjectReference("batch/v1", "Job", srcNs, n.Sender), ct);
    }
}

/// <summary>One claim's copy: the Secret (same name on both sides), the receiver's Job and Service, the sender's Job.</summary>
internal sealed record TransferNames(string Secret, string Receiver, string Sender);
