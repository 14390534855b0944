namespace Portal.ClusterSimulator.Resources;

/// <summary>
/// The built-in Kubernetes types the simulator serves. They carry no schema of their own (the project stays free of
/// the 2 MB upstream openapi files): given Kubernetes' OpenAPI documents (a CRD folder holding
/// <c>kubernetes-openapi-v3</c>), the kinds in <see cref="KindsWithOpenApiSchema"/> take their real schema from them.
/// </summary>
internal static class CoreResources
{
    public static IEnumerable<ResourceDefinition> All()
    {
        yield return Core("Namespace", "namespaces", namespaced: false, status: true, shortNames: ["ns"]);
        yield return Core("ConfigMap", "configmaps", shortNames: ["cm"]);
        yield return Core("Secret", "secrets");
        yield return Core("Service", "services", status: true, shortNames: ["svc"], categories: ["all"]);
        yield return Core("PersistentVolumeClaim", "persistentvolumeclaims", status: true, shortNames: ["pvc"]);
        yield return Core("PersistentVolume", "persistentvolumes", namespaced: false, status: true, shortNames: ["pv"]);
        yield return Core("Pod", "pods", status: true, shortNames: ["po"], categories: ["all"]);
        yield return Core("ServiceAccount", "serviceaccounts", shortNames: ["sa"]);
        yield return Core("Endpoints", "endpoints", shortNames: ["ep"]);
        yield return Core("Event", "events", shortNames: ["ev"]);
        yield return Apps("Deployment", "deployments", ["deploy"]);
        yield return Apps("StatefulSet", "statefulsets", ["sts"]);
        yield return Apps("DaemonSet", "daemonsets", ["ds"], scale: false);
        yield return Apps("ReplicaSet", "replicasets", ["rs"]);
        yield return Batch("Job", "jobs", []);
        yield return Batch("CronJob", "cronjobs", ["cj"]);
        yield return new ResourceDefinition
        {
            Group = "storage.k8s.io", Version = "v1", Kind = "StorageClass", Plural = "storageclasses",
            Singular = "storageclass", Namespaced = false, ShortNames = ["sc"],
        };
        foreach (var d in Networking("v1")) yield return d;
        yield return PodDisruptionBudget("v1");
        foreach (var d in Rbac()) yield return d;
        foreach (var d in AdmissionPolicies()) yield return d;
        // Read-only here: the objects picture the CRDs the catalog serves (CrdObjects), they do not define them.
        yield return new ResourceDefinition
        {
            Group = "apiextensions.k8s.io", Version = "v1", Kind = "CustomResourceDefinition", Plural = "customresourcedefinitions",
            Singular = "customresourcedefinition", Namespaced = false, HasStatusSubresource = true, ShortNames = ["crd", "crds"],
            Categories = ["api-extensions"],
        };
    }

    /// <summary>
    /// Removed versions an older cluster still serves (<see cref="SimulatorOptions.LegacyApiVersions"/>), keyed by
    /// group/version. Same plural as the current version, so both address the same stored objects.
    /// </summary>
    public static IReadOnlyList<ResourceDefinition>? Legacy(string groupVersion) => groupVersion switch
    {
        "batch/v1beta1" => [Batch("CronJob", "cronjobs", ["cj"]).Versioned("v1beta1")],
        "networking.k8s.io/v1beta1" => Networking("v1beta1").ToList(),
        "policy/v1beta1" => [PodDisruptionBudget("v1beta1")],
        _ => null,
    };

    private static IEnumerable<ResourceDefinition> Networking(string version)
    {
        yield return new ResourceDefinition
        {
            Group = "networking.k8s.io", Version = version, Kind = "Ingress", Plural = "ingresses", Singular = "ingress",
            HasStatusSubresource = true, ShortNames = ["ing"],
        };
        yield return new ResourceDefinition
        {
            Group = "networking.k8s.io", Version = version, Kind = "IngressClass", Plural = "ingressclasses",
            Singular = "ingressclass", Namespaced = false,
        };
        if (version == "v1")
        {
            yield return new ResourceDefinition
            {
                Group = "networking.k8s.io", Version = version, Kind = "NetworkPolicy", Plural = "networkpolicies",
                Singular = "networkpolicy", ShortNames = ["netpol"],
            };
        }
    }

    /// <summary>RBAC objects: the portal binds its per-namespace role with a RoleBinding (stored as given, no
    /// authorization is enforced by the simulator).</summary>
    private static IEnumerable<ResourceDefinition> Rbac()
    {
        foreach (var (kind, plural, namespaced) in new[]
                 { ("Role", "roles", true), ("RoleBinding", "rolebindings", true), ("ClusterRole", "clusterroles", false), ("ClusterRoleBinding", "clusterrolebindings", false) })
        {
            yield return new ResourceDefinition
            {
                Group = "rbac.authorization.k8s.io", Version = "v1", Kind = kind, Plural = plural, Singular = kind.ToLowerInvariant(),
                Namespaced = namespaced,
            };
        }
    }

    /// <summary>ValidatingAdmissionPolicy and its binding: stored and validated, not enforced.</summary>
    private static IEnumerable<ResourceDefinition> AdmissionPolicies()
    {
        yield return new ResourceDefinition
        {
            Group = "admissionregistration.k8s.io", Version = "v1", Kind = "ValidatingAdmissionPolicy", Plural = "validatingadmissionpolicies",
            Singular = "validatingadmissionpolicy", Namespaced = false, HasStatusSubresource = true,
        };
        yield return new ResourceDefinition
        {
            Group = "admissionregistration.k8s.io", Version = "v1", Kind = "ValidatingAdmissionPolicyBinding",
            Plural = "validatingadmissionpolicybindings", Singular = "validatingadmissionpolicybinding", Namespaced = false,
        };
    }

    private static ResourceDefinition PodDisruptionBudget(string version) => new()
    {
        Group = "policy", Version = version, Kind = "PodDisruptionBudget", Plural = "poddisruptionbudgets",
        Singular = "poddisruptionbudget", HasStatusSubresource = true, ShortNames = ["pdb"],
    };

    /// <summary>The built-in kinds that take their schema from Kubernetes' OpenAPI v3 documents when those are given.</summary>
    public static readonly IReadOnlySet<string> KindsWithOpenApiSchema = new HashSet<string>(StringComparer.Ordinal)
    {
        "batch/v1/Job", "batch/v1/CronJob",
        "/v1/Pod", "/v1/PersistentVolumeClaim", "/v1/Secret", "/v1/Service", "/v1/ConfigMap",
        "/v1/PersistentVolume", "/v1/Namespace", "/v1/ServiceAccount", "/v1/Event", "storage.k8s.io/v1/StorageClass",
        "apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "apps/v1/ReplicaSet",
        "networking.k8s.io/v1/Ingress", "networking.k8s.io/v1/IngressClass", "networking.k8s.io/v1/NetworkPolicy",
        "policy/v1/PodDisruptionBudget",
        "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/RoleBinding",
        "rbac.authorization.k8s.io/v1/ClusterRole", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
        "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy", "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding",
    };

    private static ResourceDefinition Batch(string kind, string plural, string[] shortNames) => new()
    {
        Group = "batch", Version = "v1", Kind = kind, Plural = plural, Singular = kind.ToLowerInvariant(),
        HasStatusSubresource = true, ShortNames = shortNames, Categories = ["all"],
    };

    private static ResourceDefinition Core(string kind, string plural, bool namespaced = true, bool status = false,
        string[]? shortNames = null, string[]? categories = null) => new()
    {
        Group = "", Version = "v1", Kind = kind, Plural = plural, Singular = kind.ToLowerInvariant(),
        Namespaced = namespaced, HasStatusSubresource = status, ShortNames = shortNames ?? [], Categories = categories ?? [],
    };

    private static ResourceDefinition Apps(string kind, string plural, string[] shortNames, bool scale = true) => new()
    {
        Group = "apps", Version = "v1", Kind = kind, Plural = plural, Singular = kind.ToLowerInvariant(),
        HasStatusSubresource = true, HasScaleSubresource = scale, ShortNames = shortNames, Categories = ["all"],
    };
}
