using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Clusters.Check;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Common;

namespace Portal.Application.Features.Clusters.Register;

/// <param name="AllowInsecureHttp">Explicitly accept a plain http:// API server for this cluster (audited); off by default.</param>
public sealed record RegisterClusterCommand(string Name, string? Description, string Kubeconfig, bool AllowInsecureHttp = false);

/// <summary>A platform engineer registers a cluster from a kubeconfig. The kubeconfig is checked and the portal
/// connects once (health and capabilities); only a cluster that answered is stored, its kubeconfig encrypted.
/// The same API server cannot be registered twice: its namespaces would look unowned on the second record.</summary>
public sealed class RegisterCluster(UseCaseServices s, KubeconfigVetting vetting, ICredentialProtector protector) : IUseCase
{
    public async Task<Result<ClusterHealthView>> HandleAsync(RegisterClusterCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageClusters)) return caller.Refuse("Only platform engineers can register clusters.");
        var name = (cmd.Name ?? "").Trim();
        if (KubernetesName.ExplainInvalidLabel(name, "cluster name") is { } why) return Error.Validation(why);
        if (InputLimits.ExplainTooLong(cmd.Description, InputLimits.Reason, "description") is { } longDescription) return Error.Validation(longDescription);

        await using (var db = await s.OpenAsync(caller, ct))
            if (await db.Clusters.AnyAsync(c => c.Name == name && c.RetiredAt == null, ct)) return Error.Conflict($"A cluster named {name} is already registered.");

        var vetted = await vetting.VetAsync(cmd.Kubeconfig, name, cmd.AllowInsecureHttp, ct);
        if (!vetted.IsSuccess) return vetted.Error!;
        var v = vetted.Value!;

        // Checked again right before writing: another engineer may have registered the same server meanwhile.
        await using var write = await s.OpenAsync(caller, ct);
        if (await write.Clusters.AnyAsync(c => c.Name == name && c.RetiredAt == null, ct)) return Error.Conflict($"A cluster named {name} is already registered.");
        if (await ClusterDuplicates.FindAsync(write, v.NormalizedServerUrl, null, ct) is { } existing)
            return Error.Conflict($"The API server {v.NormalizedServerUrl} is already registered as cluster {existing.Name}. " +
                                  $"Registering it twice would make its namespaces look unowned; replace the credentials of {existing.Name} instead.");

        var cluster = new Cluster(name, v.NormalizedServerUrl, protector.Protect(cmd.Kubeconfig), v.AuthKind, caller.Principal.DisplayName, s.Now)
            { Description = string.IsNullOrWhiteSpace(cmd.Description) ? null : cmd.Description.Trim() };
        cluster.SetTransportSecurity(v.Parsed.InsecureSkipTlsVerify, cmd.AllowInsecureHttp && v.NormalizedServerUrl.StartsWith("http://", StringComparison.Ordinal));
        cluster.RecordHealth(ClusterHealth.Reachable, v.Capabilities.VeleroInstalled ? null : ClusterHealthMessages.VeleroMissing, v.Probe.ServerVersion, s.Now);
        cluster.RecordCapabilities(v.Capabilities);
        write.Clusters.Add(cluster);
        write.Audit(caller, s.Now, "cluster.registered", "cluster", cluster.Id.ToString(),
            $"Cluster {name} registered ({v.NormalizedServerUrl}{TransportNote(cluster)})");
        await write.SaveChangesAsync(ct);
        return ClusterHealthView.Of(cluster);
    }

    internal static string TransportNote(Cluster c) =>
        (c.InsecureSkipTlsVerify ? ", TLS verification disabled by its kubeconfig" : "") +
        (c.AllowInsecureHttp ? ", insecure http explicitly allowed: the credential travels in clear" : "");
}

internal static class ClusterDuplicates
{
    /// <summary>The cluster in service that already answers at this server URL (compared in canonical form), if any.</summary>
    public static async Task<Cluster?> FindAsync(IPortalDbContext db, string normalizedUrl, Guid? except, CancellationToken ct)
    {
        var active = await db.Clusters.AsNoTracking().Where(c => c.RetiredAt == null).ToListAsync(ct);
        return active.FirstOrDefault(c => c.Id != except && ServerAddressPolicy.Normalize(c.ApiServerUrl) == normalizedUrl);
    }
}
