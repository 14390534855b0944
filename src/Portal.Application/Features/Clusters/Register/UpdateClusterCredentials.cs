using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters.Check;
using Portal.Domain.Access;
using Portal.Domain.Clusters;

namespace Portal.Application.Features.Clusters.Register;

public sealed record UpdateClusterCredentialsCommand(Guid ClusterId, string Kubeconfig);

/// <summary>Replaces a cluster's kubeconfig (an expired token, a rotated certificate), then re-checks it.</summary>
public sealed class UpdateClusterCredentials(UseCaseServices s, IClusterGateway gateway, ICredentialProtector protector, CheckClusterConnection check) : IUseCase
{
    public async Task<Result<ClusterHealthView>> HandleAsync(UpdateClusterCredentialsCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageClusters)) return caller.Refuse("Only platform engineers can change cluster credentials.");
        ParsedKubeconfig parsed;
        try
        {
            parsed = gateway.ParseKubeconfig(cmd.Kubeconfig ?? "");
        }
        catch (ClusterAccessException ex)
        {
            return Error.Validation($"The kubeconfig cannot be used: {ex.Message}");
        }
        await using var db = await s.OpenAsync(caller, ct);
        var cluster = await db.Clusters.FirstOrDefaultAsync(c => c.Id == cmd.ClusterId, ct);
        if (cluster is null) return Error.NotFound("The cluster");
        cluster.ReplaceCredentials(parsed.ServerUrl, protector.Protect(cmd.Kubeconfig!),
            parsed.UsesClientCertificate && !parsed.UsesBearerToken ? ClusterAuthKind.ClientCertificate : ClusterAuthKind.BearerToken);
        db.Audit(caller, s.Now, "cluster.credentials-replaced", "cluster", cluster.Id.ToString(), $"Credentials of cluster {cluster.Name} replaced");
        await db.SaveChangesAsync(ct);
        return await check.HandleAsync(new CheckClusterConnectionCommand(cluster.Id), ct);
    }
}
