using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Clusters;
using Portal.Domain.Access;
using Portal.Domain.Common;
using Portal.Domain.Tenants;

namespace Portal.Application.Features.Tenants;

public sealed record ClaimNamespaceCommand(Guid TenantId, Guid ClusterId, string Namespace);

/// <summary>A platform engineer gives a namespace that exists on a cluster to a tenant.</summary>
public sealed class ClaimNamespace(UseCaseServices s, IClusterGateway gateway, ClusterConnections connections) : IUseCase
{
    public async Task<Result<Guid>> HandleAsync(ClaimNamespaceCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageTenants)) return caller.Refuse("Only platform engineers can assign namespaces to tenants.");
        var name = (cmd.Namespace ?? "").Trim();
        if (KubernetesName.ExplainInvalidLabel(name, "namespace name") is { } why) return Error.Validation(why);
        await using var db = await s.OpenAsync(caller, ct);
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == cmd.TenantId, ct);
        if (tenant is null) return Error.NotFound("The tenant");
        var cluster = await db.Clusters.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cmd.ClusterId, ct);
        if (cluster is null) return Error.NotFound("The cluster");
        // A tenant must never own the cluster's own namespaces: restoring into them, or backing them up as an app, would touch the platform.
        if (TenantNamespaceName.Explain(name, "namespace name", ClusterConnections.VeleroNamespaceOf(cluster)) is { } reserved)
            return Error.Validation(reserved);
        var owner = await db.TenantNamespaces.Where(n => n.ClusterId == cluster.Id && n.Namespace == name).Select(n => n.TenantId).FirstOrDefaultAsync(ct);
        if (owner != Guid.Empty)
            return Error.Conflict(owner == tenant.Id ? $"{tenant.DisplayName} already owns {name}." : $"Namespace {name} on {cluster.Name} already belongs to another tenant.");
        NamespaceAccessResult access;
        try
        {
            var connection = connections.For(cluster);
            var found = await gateway.GetNamespaceAsync(connection, name, ct);
            if (found is null) return Error.Validation($"Namespace {name} does not exist on cluster {cluster.Name}.");
            if (await Recovery.Drills.ScratchNamespaceGuard.ExplainAsync(db, cluster.Id, name, found, ct) is { } drill) return Error.Validation(drill);
            // The portal's rights in the namespace come with the claim (its RoleBinding there), before the claim is recorded.
            access = await gateway.EnsureNamespaceAccessAsync(connection, name, ct);
        }
        catch (ClusterAccessException ex) when (ex.Fault == ClusterFault.Conflict)
        {
            return Error.Conflict($"{ex.Message} Namespace {name} was not assigned.");
        }
        catch (ClusterAccessException ex)
        {
            return Error.Unavailable(ClusterConnections.Explain(ex, cluster.Name));
        }
        var claim = new TenantNamespace(tenant.Id, cluster.Id, name, s.Now, caller.Principal.DisplayName);
        db.TenantNamespaces.Add(claim);
        var bound = access == NamespaceAccessResult.Created ? $"; RoleBinding {PortalAccess.BindingName} made there" : "";
        db.Audit(caller, s.Now, "namespace.claimed", "namespace", claim.Id.ToString(), $"{cluster.Name}/{name} assigned to {tenant.DisplayName}{bound}", tenant.Id);
        await db.SaveChangesAsync(ct);
        return claim.Id;
    }
}

public sealed record ReleaseNamespaceCommand(Guid TenantNamespaceId);

/// <summary>Takes a namespace away from its tenant (nothing on the cluster changes).</summary>
public sealed class ReleaseNamespace(UseCaseServices s) : IUseCase
{
    public async Task<Result<Unit>> HandleAsync(ReleaseNamespaceCommand cmd, CancellationToken ct = default)
    {
        var caller = await s.AccessAsync(ct);
        if (!caller.CanEstateWide(Permission.ManageTenants)) return caller.Refuse("Only platform engineers can take namespaces from tenants.");
        await using var db = await s.OpenAsync(caller, ct);
        var claim = await db.TenantNamespaces.FirstOrDefaultAsync(n => n.Id == cmd.TenantNamespaceId, ct);
        if (claim is null) return Error.NotFound("The namespace assignment");
        db.TenantNamespaces.Remove(claim);
        db.Audit(caller, s.Now, "namespace.released", "namespace", claim.Id.ToString(), $"Namespace {claim.Namespace} taken from its tenant", claim.TenantId);
        await db.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
