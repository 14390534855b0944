namespace Portal.ClusterSimulator.Resources;

/// <summary>
/// The built-in Kubernetes types the simulator serves. They carry no schema: the simulator stores what it is
/// given (the portal only reads and copies these), which keeps the project free of the 2 MB upstream openapi files.
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
        yield return Batch("Job", "jobs", []);
        yield return Batch("CronJob", "cronjobs", ["cj"]);
        yield return new ResourceDefinition
        {
            Group = "storage.k8s.io", Version = "v1", Kind = "StorageClass", Plural = "storageclasses",
            Singular = "storageclass", Namespaced = false, ShortNames = ["sc"],
        };
    }

    /// <summary>The built-in kinds that take their schema from Kubernetes' OpenAPI v3 documents when those are given.</summary>
    public static readonly IReadOnlySet<string> KindsWithOpenApiSchema = new HashSet<string>(StringComparer.Ordinal)
    {
        "batch/v1/Job", "batch/v1/CronJob",
        "/v1/Pod", "/v1/PersistentVolumeClaim", "/v1/Secret", "/v1/Service", "/v1/ConfigMap",
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

    private static ResourceDefinition Apps(string kind, string plural, string[] shortNames) => new()
    {
        Group = "apps", Version = "v1", Kind = kind, Plural = plural, Singular = kind.ToLowerInvariant(),
        HasStatusSubresource = true, ShortNames = shortNames, Categories = ["all"],
    };
}
