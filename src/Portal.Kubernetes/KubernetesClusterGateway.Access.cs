using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;
using k8s;
using k8s.Models;

namespace Portal.Kubernetes;

public sealed partial class KubernetesClusterGateway
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    public async Task<NamespaceAccessResult> EnsureNamespaceAccessAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        var existing = await ReadBindingAsync(cluster, @namespace, ct).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                await CallAsync(cluster, new KubeOperation("create", "rolebindings." + RbacGroup, @namespace, PortalAccess.BindingName),
                    (k, c) => k.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Binding(@namespace), @namespace,
                        fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: c), ct).ConfigureAwait(false);
                logger.LogInformation("Bound {Role} for the portal in {Namespace} on {Cluster}", PortalAccess.NamespaceRole, @namespace, cluster.ClusterName);
                return NamespaceAccessResult.Created;
            }
            catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
            {
                throw new ClusterAccessException(ClusterFault.NotFound,
                    $"Namespace {@namespace} does not exist on {cluster.ClusterName}, so the portal cannot be given its rights there.", e);
            }
            catch (ClusterAccessException e) when (e.Fault == ClusterFault.Conflict)
            {
                // another replica made it a moment ago: judge that one as any existing binding
                existing = await ReadBindingAsync(cluster, @namespace, ct).ConfigureAwait(false)
                    ?? throw new ClusterAccessException(ClusterFault.Conflict, $"The portal's RoleBinding in namespace {@namespace} on {cluster.ClusterName} was made and removed again meanwhile; try again.", e);
            }
        }

        if (existing.Metadata?.Labels?.TryGetValue(PortalLabels.ManagedBy, out var manager) != true || manager != PortalLabels.ManagedByValue)
        {
            throw new ClusterAccessException(ClusterFault.Conflict,
                $"Namespace {@namespace} on {cluster.ClusterName} already has a RoleBinding named {PortalAccess.BindingName} that the portal did not make " +
                $"(it lacks the label {PortalLabels.ManagedBy}={PortalLabels.ManagedByValue}). The portal leaves it as it is; " +
                "a cluster administrator should remove or rename it, then try again.");
        }

        if (existing.RoleRef is not { Kind: "ClusterRole", Name: PortalAccess.NamespaceRole })
        {
            throw new ClusterAccessException(ClusterFault.Conflict,
                $"The portal's RoleBinding {PortalAccess.BindingName} in namespace {@namespace} on {cluster.ClusterName} points at " +
                $"{existing.RoleRef?.Kind} {existing.RoleRef?.Name} instead of ClusterRole {PortalAccess.NamespaceRole} (changed by hand; a binding's role " +
                "cannot be changed). A cluster administrator should delete it; the portal then makes it again.");
        }

        if (!HasOnlyThePortal(existing))
        {
            existing.Subjects = Binding(@namespace).Subjects;
            await CallAsync(cluster, new KubeOperation("update", "rolebindings." + RbacGroup, @namespace, PortalAccess.BindingName),
                (k, c) => k.RbacAuthorizationV1.ReplaceNamespacedRoleBindingAsync(existing, PortalAccess.BindingName, @namespace,
                    fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: c), ct).ConfigureAwait(false);
            logger.LogWarning("Put the subjects of the portal's RoleBinding in {Namespace} on {Cluster} right", @namespace, cluster.ClusterName);
        }

        return NamespaceAccessResult.AlreadyPresent;
    }

    private async Task<V1RoleBinding?> ReadBindingAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        try
        {
            return await CallAsync(cluster, new KubeOperation("get", "rolebindings." + RbacGroup, @namespace, PortalAccess.BindingName),
                (k, c) => k.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync(PortalAccess.BindingName, @namespace, cancellationToken: c), ct)
                .ConfigureAwait(false);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound)
        {
            return null;
        }
    }

    private static bool HasOnlyThePortal(V1RoleBinding binding) =>
        binding.Subjects is [{ Kind: "ServiceAccount", Name: PortalAccess.ServiceAccountName, NamespaceProperty: PortalAccess.ServiceAccountNamespace } s]
        && string.IsNullOrEmpty(s.ApiGroup);

    /// <summary>The binding exactly as deploy/target-cluster-rbac's admission policy lets the portal create it.</summary>
    internal static V1RoleBinding Binding(string @namespace) => new()
    {
        ApiVersion = $"{RbacGroup}/v1",
        Kind = "RoleBinding",
        Metadata = new V1ObjectMeta
        {
            Name = PortalAccess.BindingName,
            NamespaceProperty = @namespace,
            Labels = new Dictionary<string, string>
            {
                [PortalLabels.ManagedBy] = PortalLabels.ManagedByValue,
                ["app.kubernetes.io/name"] = "kubernetes-portal",
                ["app.kubernetes.io/component"] = "namespace-access",
            },
        },
        RoleRef = new V1RoleRef { ApiGroup = RbacGroup, Kind = "ClusterRole", Name = PortalAccess.NamespaceRole },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = PortalAccess.ServiceAccountName, NamespaceProperty = PortalAccess.ServiceAccountNamespace }],
    };
}
