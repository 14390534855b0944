using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Clusters;

namespace Portal.Application.Features.Clusters.Check;

public sealed record CheckClusterConnectionCommand(Guid ClusterId);

/// <param name="InsecureSkipTlsVerify">The kubeconfig turns TLS verification off: shown as a warning, never as plain "Reachable".</param>
/// <param name="AllowInsecureHttp">Plain http was explicitly allowed: the credential travels in clear.</param>
public sealed record ClusterHealthView(Guid ClusterId, string Name, ClusterHealth Health, string? Message, string? ServerVersion,
    DateTimeOffset? CheckedAt, ClusterCapabilities Capabilities, bool InsecureSkipTlsVerify = false, bool AllowInsecureHttp = false)
{
    public bool TransportInsecure => InsecureSkipTlsVerify || AllowInsecureHttp;

    public static ClusterHealthView Of(Cluster c) => new(c.Id, c.Name, c.Health, c.HealthMessage, c.ServerVersion, c.HealthCheckedAt,
        c.Capabilities, c.InsecureSkipTlsVerify, c.AllowInsecureHttp);
}

public static class ClusterHealthMessages
{
    public const string VeleroMissing = "Velero is not installed: backups and restores cannot run here until it is.";
}

/// <summary>"Test connection": connect, authenticate, discover what is installed, and record the outcome.
/// Also run for every cluster by the periodic health monitor.</summary>
public sealed class CheckClusterConnection(UseCaseServices s, IClusterGateway gateway, ClusterConnections connections) : IUseCase
{
    public async Task<Result<ClusterHealthView>> HandleAsync(CheckClusterConnectionCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.Can(Permission.ManageClusters, null, cmd.ClusterId))
            return caller.Refuse("Only platform engineers can test cluster connections.");
        await using var db = await s.OpenAsync(caller, ct);
        var cluster = await db.Clusters.FirstOrDefaultAsync(c => c.Id == cmd.ClusterId, ct);
        if (cluster is null) return Error.NotFound("The cluster");
        if (cluster.IsRetired) return Error.Conflict($"Cluster {cluster.Name} is retired; the portal no longer connects to it.");

        var before = cluster.Health;
        var connection = connections.For(cluster);
        try
        {
            // Clusters registered before the flag existed get it from their stored kubeconfig.
            cluster.SetTransportSecurity(gateway.ParseKubeconfig(connection.Kubeconfig).InsecureSkipTlsVerify, cluster.AllowInsecureHttp);
            var probe = await gateway.ProbeAsync(connection, ct);
            var capabilities = await gateway.DiscoverAsync(connection, ct);
            cluster.RecordHealth(ClusterHealth.Reachable, capabilities.VeleroInstalled ? null : ClusterHealthMessages.VeleroMissing, probe.ServerVersion, s.Now);
            cluster.RecordCapabilities(capabilities);
        }
        catch (ClusterAccessException ex)
        {
            var health = ex.Fault is ClusterFault.Unauthorized or ClusterFault.Forbidden ? ClusterHealth.Unauthorized : ClusterHealth.Unreachable;
            cluster.RecordHealth(health, ClusterConnections.Explain(ex, cluster.Name), null, s.Now);
        }
        if (cluster.Health != before)
            db.Audit(caller, s.Now, "cluster.health-changed", "cluster", cluster.Id.ToString(),
                $"Cluster {cluster.Name} is {cluster.Health}{(cluster.HealthMessage is null ? "" : ": " + cluster.HealthMessage)}");
        await db.SaveChangesAsync(ct);
        return ClusterHealthView.Of(cluster);
    }
}
