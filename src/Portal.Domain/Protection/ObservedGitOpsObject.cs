using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.Domain.Protection;

/// <summary>
/// An Argo CD Application or Flux Kustomization that deploys a tenant's namespace, as the protection follower last saw
/// it on the cluster: enough to re-create it elsewhere when the cluster is lost (its <c>apiVersion</c>, <c>kind</c>,
/// name, namespace and <c>spec</c>, never its status; for Flux also the source it reads, e.g. its GitRepository, whose
/// <c>secretRef</c> names a Secret the portal never reads). Kept fresh while the cluster answers; left as last seen
/// when it does not.
/// </summary>
public sealed class ObservedGitOpsObject : Entity, IClusterScoped
{
    private ObservedGitOpsObject() { ManagedNamespace = Name = Namespace = ObjectJson = ""; }

    public ObservedGitOpsObject(Guid clusterId, Guid tenantId, string managedNamespace, GitOpsKind kind, string name, string @namespace)
    {
        ClusterId = clusterId;
        TenantId = tenantId;
        ManagedNamespace = managedNamespace;
        Kind = kind;
        Name = name;
        Namespace = @namespace;
        ObjectJson = "{}";
    }

    public Guid TenantId { get; set; }
    public Guid ClusterId { get; private set; }
    /// <summary>The tenant's namespace it deploys into.</summary>
    public string ManagedNamespace { get; private set; }
    public GitOpsKind Kind { get; private set; }
    public string Name { get; private set; }
    /// <summary>The namespace the object itself lives in (Argo CD's or Flux's).</summary>
    public string Namespace { get; private set; }
    /// <summary>The object as JSON: apiVersion, kind, metadata (name, namespace) and spec only.</summary>
    public string ObjectJson { get; set; }
    /// <summary>For a Flux object, its source (apiVersion, kind, metadata, spec) as JSON; null when not read.</summary>
    public string? SourceJson { get; set; }
    public DateTimeOffset ObservedAt { get; set; }

    public GitOpsReference Reference => new(Kind, Name, Namespace);
}
