using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Clusters.Check;
using Portal.Domain.Access;
using Portal.Domain.Clusters;

namespace Portal.Application.Features.Clusters.Register;

/// <param name="ServerMoved">The API server moved to a new address: accept a kubeconfig naming another server URL
/// (it must not be another registered cluster's). Without it, a different server is refused.</param>
/// <param name="AllowInsecureHttp">Explicitly accept a plain http:// API server (audited); off by default.</param>
public sealed record UpdateClusterCredentialsCommand(Guid ClusterId, string Kubeconfig, bool ServerMoved = false, bool AllowInsecureHttp = false);

/// <summary>Credential rotation: a new kubeconfig for the same API server (an expired token, a rotated certificate).
/// The new kubeconfig is tested first; the stored one is replaced only when the new one answered, and the change is
/// audited. A platform engineer of the estate or of that cluster may do it.</summary>
public sealed class UpdateClusterCredentials(UseCaseServices s, KubeconfigVetting vetting, ICredentialProtector protector) : IUseCase
{
    public async Task<Result<ClusterHealthView>> HandleAsync(UpdateClusterCredentialsCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.Can(Permission.ManageClusters, null, cmd.ClusterId)) return caller.Refuse("Only platform engineers can change cluster credentials.");
        string name;
        await using (var db = await s.OpenAsync(caller, ct))
        {
            var current = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cmd.ClusterId, ct);
            if (current is null) return Error.NotFound("The cluster");
            if (current.IsRetired) return Error.Conflict($"Cluster {current.Name} is retired; its credentials cannot be replaced.");
            name = current.Name;
        }

        var vetted = await vetting.VetAsync(cmd.Kubeconfig, name, cmd.AllowInsecureHttp, ct);
        if (!vetted.IsSuccess) return Error.Validation(vetted.Error!.Message + " The stored credential was kept.");
        var v = vetted.Value!;

        // Checked again right before writing (another engineer may have retired it or changed it meanwhile).
        await using var write = await s.OpenAsync(caller, ct);
        var cluster = await write.Clusters.FirstOrDefaultAsync(c => c.Id == cmd.ClusterId, ct);
        if (cluster is null) return Error.NotFound("The cluster");
        if (cluster.IsRetired) return Error.Conflict($"Cluster {cluster.Name} was retired meanwhile; nothing was changed.");
        var previousUrl = ServerAddressPolicy.Normalize(cluster.ApiServerUrl);
        var moved = previousUrl != v.NormalizedServerUrl;
        if (moved && !cmd.ServerMoved)
            return Error.Validation($"This kubeconfig names the API server {v.NormalizedServerUrl}, but cluster {cluster.Name} is at {previousUrl}. " +
                                    "A rotation keeps the same server: if the API server really moved, say so; if it is another cluster, register it as such.");
        if (moved && await ClusterDuplicates.FindAsync(write, v.NormalizedServerUrl, cluster.Id, ct) is { } other)
            return Error.Conflict($"The API server {v.NormalizedServerUrl} is already registered as cluster {other.Name}; nothing was changed.");

        var allowHttp = cmd.AllowInsecureHttp && v.NormalizedServerUrl.StartsWith("http://", StringComparison.Ordinal);
        cluster.ReplaceCredentials(v.NormalizedServerUrl, protector.Protect(cmd.Kubeconfig), v.AuthKind);
        cluster.SetTransportSecurity(v.Parsed.InsecureSkipTlsVerify, allowHttp);
        cluster.RecordHealth(ClusterHealth.Reachable, v.Capabilities.VeleroInstalled ? null : ClusterHealthMessages.VeleroMissing, v.Probe.ServerVersion, s.Now);
        cluster.RecordCapabilities(v.Capabilities);
        write.Audit(caller, s.Now, "cluster.credentials-replaced", "cluster", cluster.Id.ToString(),
            $"Credentials of cluster {cluster.Name} replaced after a successful test" +
            (moved ? $"; its API server moved from {previousUrl} to {v.NormalizedServerUrl}" : "") + RegisterCluster.TransportNote(cluster));
        await write.SaveChangesAsync(ct);
        return ClusterHealthView.Of(cluster);
    }
}
