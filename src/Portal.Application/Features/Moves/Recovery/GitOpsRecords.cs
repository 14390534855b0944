using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Restores;
using Portal.Domain.Moves;
using Portal.Domain.Protection;

namespace Portal.Application.Features.Moves.Recovery;

/// <summary>
/// Records, while a cluster answers, what is needed to re-create each Argo CD Application and Flux Kustomization that
/// deploys a namespace a tenant owns there (<see cref="ObservedGitOpsObject"/>): the object's apiVersion, kind, name,
/// namespace and spec, and for Flux the source it reads. Never a Secret: a GitRepository's <c>secretRef</c> only names
/// one. HelmReleases are not recorded (their inline values may hold credentials); the recovery says so. The protection
/// follower calls it for the cluster it follows; rows of objects gone are removed, the others kept as last seen.
/// </summary>
public sealed class GitOpsRecords(GitOpsManagers managers, IMigrationClusterGateway gateway)
{
    /// <summary>Kinds the recovery can re-create.</summary>
    public static bool Recreatable(GitOpsKind kind) => kind is GitOpsKind.ArgoCdApplication or GitOpsKind.FluxKustomization;

    public async Task RecordAsync(IPortalDbContext db, Guid clusterId, ClusterConnection cluster, DateTimeOffset now, CancellationToken ct)
    {
        var tenantOf = await db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == clusterId)
            .ToDictionaryAsync(n => n.Namespace, n => n.TenantId, StringComparer.Ordinal, ct);
        var seen = (await managers.AllAsync(cluster, ct)).Where(m => tenantOf.ContainsKey(m.ManagedNamespace) && Recreatable(m.Ref.Kind)).ToList();
        var rows = await db.ObservedGitOpsObjects.Where(o => o.ClusterId == clusterId).ToListAsync(ct);
        var kept = new HashSet<ObservedGitOpsObject>();
        foreach (var m in seen)
        {
            var row = rows.FirstOrDefault(r => r.ManagedNamespace == m.ManagedNamespace && r.Kind == m.Ref.Kind && r.Namespace == m.Ref.Namespace && r.Name == m.Ref.Name);
            if (row is null) db.ObservedGitOpsObjects.Add(row = new ObservedGitOpsObject(clusterId, tenantOf[m.ManagedNamespace], m.ManagedNamespace, m.Ref.Kind, m.Ref.Name, m.Ref.Namespace));
            kept.Add(row);
            row.TenantId = tenantOf[m.ManagedNamespace];
            var json = Strip(m.Object).ToJsonString();
            string? source = null;
            if (GitOpsObject.From(m.Object, m.Ref.Kind).FluxSource is { } r && await gateway.ReadFluxSourceAsync(cluster, r, ct) is { } read)
                source = new JsonObject
                {
                    ["apiVersion"] = r.ApiVersion, ["kind"] = r.Kind,
                    ["metadata"] = new JsonObject { ["name"] = r.Name, ["namespace"] = r.Namespace },
                    ["spec"] = read.Spec?.DeepClone(),
                }.ToJsonString();
            if (row.ObjectJson == json && row.SourceJson == source && now - row.ObservedAt < TimeSpan.FromHours(1)) continue;
            (row.ObjectJson, row.SourceJson, row.ObservedAt) = (json, source ?? row.SourceJson, now);
        }
        db.ObservedGitOpsObjects.RemoveRange(rows.Where(r => !kept.Contains(r)));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What re-creating the object needs: apiVersion, kind, name, namespace, spec (no status, no cluster-made metadata).</summary>
    public static JsonObject Strip(JsonObject o) => new()
    {
        ["apiVersion"] = o["apiVersion"]?.DeepClone(),
        ["kind"] = o["kind"]?.DeepClone(),
        ["metadata"] = new JsonObject { ["name"] = o["metadata"]?["name"]?.DeepClone(), ["namespace"] = o["metadata"]?["namespace"]?.DeepClone() },
        ["spec"] = o["spec"]?.DeepClone(),
    };
}
