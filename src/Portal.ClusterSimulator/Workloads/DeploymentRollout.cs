using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Workloads;

/// <summary>
/// The status the deployment controller reports, one step at a time: a new spec (generation) is observed first —
/// replicas created, none of the new ones ready yet, <c>Progressing</c>/<c>ReplicaSetUpdated</c> — and becomes
/// available at the next step (<c>Available</c>/<c>MinimumReplicasAvailable</c>, <c>Progressing</c>/<c>NewReplicaSetAvailable</c>).
/// Scaling down (to zero too) is immediate. A blocked rollout (pods that cannot start: an unbound claim, a stalled
/// rollout fault) gains no ready replicas and, after <c>spec.progressDeadlineSeconds</c> (600) on the cluster's clock,
/// reports <c>ProgressDeadlineExceeded</c>. A paused Deployment makes no progress (<c>DeploymentPaused</c>).
/// Zero counts are omitted, as upstream.
/// </summary>
internal static class DeploymentRollout
{
    public static JsonObject Status(JsonObject deployment, bool blocked, DateTimeOffset now)
    {
        var desired = deployment.AtPath("spec.replicas").Long() ?? 1;
        var generation = deployment.AtPath("metadata.generation").Long() ?? 1;
        var previous = deployment["status"] as JsonObject;
        var wasAvailable = previous.AtPath("availableReplicas").Long() ?? 0;
        var paused = deployment.AtPath("spec.paused")?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var newSpec = previous.AtPath("observedGeneration").Long() != generation;
        var available = newSpec || blocked || paused ? Math.Min(wasAvailable, desired) : desired;

        var status = new JsonObject { ["observedGeneration"] = generation };
        WorkloadObjects.SetCount(status, "replicas", desired);
        WorkloadObjects.SetCount(status, "updatedReplicas", desired);
        WorkloadObjects.SetCount(status, "readyReplicas", available);
        WorkloadObjects.SetCount(status, "availableReplicas", available);
        WorkloadObjects.SetCount(status, "unavailableReplicas", desired - available);

        var conditions = previous?["conditions"];
        var minAvailable = desired - desired / 4; // maxUnavailable 25 %, rounded down
        var availableCondition = available >= minAvailable
            ? WorkloadObjects.Condition(conditions, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now, true)
            : WorkloadObjects.Condition(conditions, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now, true);
        status["conditions"] = new JsonArray(availableCondition, Progressing(deployment, conditions, available == desired && !newSpec, paused, now));
        return status;
    }

    /// <summary>Whether the status says the rollout is done: the current generation observed and every replica available.</summary>
    public static bool IsAvailable(JsonObject deployment) =>
        deployment.AtPath("status.observedGeneration").Long() == (deployment.AtPath("metadata.generation").Long() ?? 1)
        && (deployment.AtPath("status.availableReplicas").Long() ?? 0) >= (deployment.AtPath("spec.replicas").Long() ?? 1);

    private static JsonObject Progressing(JsonObject deployment, JsonNode? conditions, bool complete, bool paused, DateTimeOffset now)
    {
        var replicaSet = $"{JsonHelpers.NameOf(deployment)}-{WorkloadObjects.TemplateHash(deployment.AtPath("spec.template"))}";
        if (paused) return WorkloadObjects.Condition(conditions, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now, true);
        if (complete)
        {
            return WorkloadObjects.Condition(conditions, "Progressing", "True", "NewReplicaSetAvailable",
                $"ReplicaSet \"{replicaSet}\" has successfully progressed.", now, true);
        }
        var progressing = WorkloadObjects.Condition(conditions, "Progressing", "True", "ReplicaSetUpdated",
            $"ReplicaSet \"{replicaSet}\" is progressing.", now, true);
        var since = DateTimeOffset.TryParse(progressing.StringProperty("lastUpdateTime"), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : now;
        var deadline = TimeSpan.FromSeconds(deployment.AtPath("spec.progressDeadlineSeconds").Long() ?? 600);
        var wasExceeded = (conditions as JsonArray)?.OfType<JsonObject>()
            .Any(c => c.StringProperty("type") == "Progressing" && c.StringProperty("reason") == "ProgressDeadlineExceeded") == true;
        return wasExceeded || now - since >= deadline
            ? WorkloadObjects.Condition(conditions, "Progressing", "False", "ProgressDeadlineExceeded",
                $"ReplicaSet \"{replicaSet}\" has timed out progressing.", now, true)
            : progressing;
    }
}
