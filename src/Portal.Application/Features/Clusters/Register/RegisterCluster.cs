using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters.Check;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Common;

namespace Portal.Application.Features.Clusters.Register;

public sealed record RegisterClusterCommand(string Name, string? Description, string Kubeconfig);

/// <summary>A platform engineer registers a cluster from a kubeconfig. The kubeconfig is checked, encrypted
/// and stored; then the portal connects once and records health and capabilities.</summary>
public sealed class RegisterCluster(UseCaseServices s, IClusterGateway gateway, ICredentialProtector protector, CheckClusterConnection check) : IUseCase
{
    public async Task<Result<ClusterHealthView>> HandleAsync(RegisterClusterCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageClusters)) return caller.Refuse("Only platform engineers can register clusters.");
        var name = (cmd.Name ?? "").Trim();
        if (KubernetesName.ExplainInvalidLabel(name, "cluster name") is { } why) return Error.Validation(why);
        if (string.IsNullOrWhiteSpace(cmd.Kubeconfig)) return Error.Validation("Paste or upload the cluster's kubeconfig.");
        ParsedKubeconfig parsed;
        try
        {
            parsed = gateway.ParseKubeconfig(cmd.Kubeconfig);
        }
        catch (ClusterAccessException ex)
        {
            return Error.Validation($"The kubeconfig cannot be used: {ex.Message}");
        }

        await using var db = await s.OpenAsync(caller, ct);
        if (await db.Clusters.AnyAsync(c => c.Name == name, ct)) return Error.Conflict($"A cluster named {name} is already registered.");
        var cluster = new Cluster(name, parsed.ServerUrl, protector.Protect(cmd.Kubeconfig),
            parsed.UsesClientCertificate && !parsed.UsesBearerToken ? ClusterAuthKind.ClientCertificate : ClusterAuthKind.BearerToken,
            caller.Principal.DisplayName, s.Now) { Description = cmd.Description?.Trim() };
        db.Clusters.Add(cluster);
        db.Audit(caller, s.Now, "cluster.registered", "cluster", cluster.Id.ToString(),
            $"Cluster {name} registered ({parsed.ServerUrl}{(parsed.InsecureSkipTlsVerify ? ", TLS verification disabled" : "")})");
        await db.SaveChangesAsync(ct);

        return await check.HandleAsync(new CheckClusterConnectionCommand(cluster.Id), ct);
    }
}
