namespace Portal.Moves.Preflight;

/// <summary>A beta API Kubernetes stopped serving: the release that removed it, the version to use instead (null
/// when there is none), and what changes in the object besides the apiVersion.</summary>
public sealed record RemovedApi(string ApiVersion, string Kind, string RemovedIn, string? Replacement, string? Changes = null);

/// <summary>The known removals (Kubernetes' deprecated API migration guide, 1.16 to 1.32).</summary>
public static class RemovedApis
{
    private const string IngressChanges = "backend.serviceName/servicePort become backend.service.name and backend.service.port.number or .name, and every path needs a pathType";
    private const string AppsChanges = "spec.selector is required and must match the template's labels";
    private const string HpaChanges = "metrics use target.type with averageUtilization or averageValue instead of targetAverageUtilization/targetAverageValue";

    public static IReadOnlyList<RemovedApi> All { get; } =
    [
        new("extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1", IngressChanges),
        new("networking.k8s.io/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1", IngressChanges),
        new("networking.k8s.io/v1beta1", "IngressClass", "1.22", "networking.k8s.io/v1"),
        new("extensions/v1beta1", "Deployment", "1.16", "apps/v1", AppsChanges),
        new("extensions/v1beta1", "DaemonSet", "1.16", "apps/v1", AppsChanges),
        new("extensions/v1beta1", "ReplicaSet", "1.16", "apps/v1", AppsChanges),
        new("extensions/v1beta1", "NetworkPolicy", "1.16", "networking.k8s.io/v1"),
        new("extensions/v1beta1", "PodSecurityPolicy", "1.16", null, "PodSecurityPolicy is gone altogether since 1.25; use Pod Security Admission labels on the namespace instead"),
        new("apps/v1beta1", "Deployment", "1.16", "apps/v1", AppsChanges),
        new("apps/v1beta1", "StatefulSet", "1.16", "apps/v1", AppsChanges),
        new("apps/v1beta1", "ControllerRevision", "1.16", "apps/v1"),
        new("apps/v1beta2", "Deployment", "1.16", "apps/v1", AppsChanges),
        new("apps/v1beta2", "StatefulSet", "1.16", "apps/v1", AppsChanges),
        new("apps/v1beta2", "DaemonSet", "1.16", "apps/v1", AppsChanges),
        new("apps/v1beta2", "ReplicaSet", "1.16", "apps/v1", AppsChanges),
        new("apps/v1beta2", "ControllerRevision", "1.16", "apps/v1"),
        new("policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1", "an empty spec.selector now selects every Pod in the namespace"),
        new("policy/v1beta1", "PodSecurityPolicy", "1.25", null, "use Pod Security Admission labels on the namespace instead"),
        new("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
        new("autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.25", "autoscaling/v2", HpaChanges),
        new("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2"),
        new("rbac.authorization.k8s.io/v1beta1", "Role", "1.22", "rbac.authorization.k8s.io/v1"),
        new("rbac.authorization.k8s.io/v1beta1", "RoleBinding", "1.22", "rbac.authorization.k8s.io/v1"),
        new("rbac.authorization.k8s.io/v1beta1", "ClusterRole", "1.22", "rbac.authorization.k8s.io/v1"),
        new("rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", "1.22", "rbac.authorization.k8s.io/v1"),
        new("storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27", "storage.k8s.io/v1"),
        new("storage.k8s.io/v1beta1", "StorageClass", "1.22", "storage.k8s.io/v1"),
        new("storage.k8s.io/v1beta1", "VolumeAttachment", "1.22", "storage.k8s.io/v1"),
        new("storage.k8s.io/v1beta1", "CSIDriver", "1.22", "storage.k8s.io/v1"),
        new("storage.k8s.io/v1beta1", "CSINode", "1.22", "storage.k8s.io/v1"),
        new("discovery.k8s.io/v1beta1", "EndpointSlice", "1.25", "discovery.k8s.io/v1"),
        new("events.k8s.io/v1beta1", "Event", "1.25", "events.k8s.io/v1"),
        new("node.k8s.io/v1beta1", "RuntimeClass", "1.25", "node.k8s.io/v1"),
        new("scheduling.k8s.io/v1beta1", "PriorityClass", "1.22", "scheduling.k8s.io/v1"),
        new("coordination.k8s.io/v1beta1", "Lease", "1.22", "coordination.k8s.io/v1"),
        new("certificates.k8s.io/v1beta1", "CertificateSigningRequest", "1.22", "certificates.k8s.io/v1"),
        new("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", "1.22", "admissionregistration.k8s.io/v1"),
        new("admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", "1.22", "admissionregistration.k8s.io/v1"),
        new("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "1.22", "apiextensions.k8s.io/v1"),
        new("apiregistration.k8s.io/v1beta1", "APIService", "1.22", "apiregistration.k8s.io/v1"),
        new("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", "1.26", "flowcontrol.apiserver.k8s.io/v1"),
        new("flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration", "1.26", "flowcontrol.apiserver.k8s.io/v1"),
        new("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", "1.29", "flowcontrol.apiserver.k8s.io/v1"),
        new("flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", "1.29", "flowcontrol.apiserver.k8s.io/v1"),
        new("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32", "flowcontrol.apiserver.k8s.io/v1"),
        new("flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration", "1.32", "flowcontrol.apiserver.k8s.io/v1"),
    ];

    private static readonly Dictionary<(string, string), RemovedApi> ByKey = All.ToDictionary(r => (r.ApiVersion, r.Kind));

    /// <summary>The removal of <paramref name="kind"/> at <paramref name="apiVersion"/>, or null when it is not a known removal.</summary>
    public static RemovedApi? Find(string apiVersion, string kind) => ByKey.GetValueOrDefault((apiVersion, kind));
}
