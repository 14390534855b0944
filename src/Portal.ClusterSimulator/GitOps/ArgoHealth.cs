using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Workloads;

namespace Portal.ClusterSimulator.GitOps;

/// <summary>
/// Argo CD's built-in health checks (gitops-engine <c>pkg/health</c>) for the kinds the simulator plays, and the
/// app-level rule: the worst resource health wins (Healthy &lt; Suspended &lt; Progressing &lt; Missing &lt; Degraded &lt; Unknown).
/// </summary>
internal static class ArgoHealth
{
    private static readonly string[] Severity = ["Healthy", "Suspended", "Progressing", "Missing", "Degraded", "Unknown"];

    /// <summary>The object's health, or null for kinds Argo CD has no health check for (ConfigMap, Secret, ...).</summary>
    public static (string Status, string? Message)? Of(ManagedObject managed)
    {
        var o = managed.Object;
        return managed.Definition.Kind switch
        {
            "Deployment" => Deployment(o),
            "StatefulSet" => StatefulSet(o),
            "PersistentVolumeClaim" => o.AtPath("status.phase").ScalarText() switch
            {
                "Bound" => ("Healthy", null),
                "Lost" => ("Degraded", null),
                _ => ("Progressing", null),
            },
            "Service" when o.AtPath("spec.type").ScalarText() == "LoadBalancer" =>
                o.AtPath("status.loadBalancer.ingress") is JsonArray { Count: > 0 } ? ("Healthy", null) : ("Progressing", null),
            "Service" => ("Healthy", null),
            "Ingress" => o.AtPath("status.loadBalancer.ingress") is JsonArray { Count: > 0 } ? ("Healthy", null) : ("Progressing", null),
            _ => null,
        };
    }

    public static string Worst(IEnumerable<string> statuses) =>
        statuses.OrderByDescending(s => Array.IndexOf(Severity, s)).FirstOrDefault() ?? "Healthy";

    private static (string, string?) Deployment(JsonObject o)
    {
        var desired = o.AtPath("spec.replicas").Long() ?? 1;
        var updated = o.AtPath("status.updatedReplicas").Long() ?? 0;
        var available = o.AtPath("status.availableReplicas").Long() ?? 0;
        var total = o.AtPath("status.replicas").Long() ?? 0;
        if (o.AtPath("spec.paused")?.GetValueKind() == System.Text.Json.JsonValueKind.True) return ("Suspended", "Deployment is paused");
        if ((o.AtPath("status.observedGeneration").Long() ?? 0) < (o.AtPath("metadata.generation").Long() ?? 1))
            return ("Progressing", "Waiting for rollout to finish: observed deployment generation less than desired generation");
        var stuck = (o.AtPath("status.conditions") as JsonArray)?.OfType<JsonObject>()
            .Any(c => c.StringProperty("type") == "Progressing" && c.StringProperty("reason") == "ProgressDeadlineExceeded") == true;
        if (stuck) return ("Degraded", $"Deployment \"{JsonHelpers.NameOf(o)}\" exceeded its progress deadline");
        if (updated < desired) return ("Progressing", $"Waiting for rollout to finish: {updated} out of {desired} new replicas have been updated...");
        if (total > updated) return ("Progressing", $"Waiting for rollout to finish: {total - updated} old replicas are pending termination...");
        if (available < updated) return ("Progressing", $"Waiting for rollout to finish: {available} of {updated} updated replicas are available...");
        return ("Healthy", null);
    }

    private static (string, string?) StatefulSet(JsonObject o)
    {
        if ((o.AtPath("status.observedGeneration").Long() ?? 0) < (o.AtPath("metadata.generation").Long() ?? 1))
            return ("Progressing", "Waiting for statefulset spec update to be observed...");
        var desired = o.AtPath("spec.replicas").Long() ?? 1;
        var ready = o.AtPath("status.readyReplicas").Long() ?? 0;
        if (ready < desired) return ("Progressing", $"Waiting for {desired - ready} pods to be ready...");
        return StatefulSetRollout.IsReady(o)
            ? ("Healthy", $"statefulset rolling update complete {desired} pods at revision {o.AtPath("status.currentRevision").ScalarText()}...")
            : ("Progressing", null);
    }
}
