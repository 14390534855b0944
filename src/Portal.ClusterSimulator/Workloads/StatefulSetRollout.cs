using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Workloads;

/// <summary>
/// The statefulset controller: claims <c>&lt;template&gt;-&lt;set&gt;-&lt;ordinal&gt;</c> from <c>spec.volumeClaimTemplates</c> for
/// every ordinal below <c>spec.replicas</c> (kept on scale-down, owned by the set only with
/// <c>persistentVolumeClaimRetentionPolicy.whenDeleted: Delete</c>), and a status where pods become ready in
/// ordinal order once their claims are Bound — a step after the spec was observed, as for Deployments.
/// </summary>
internal static class StatefulSetRollout
{
    /// <summary>The claims the set's pods need (the ones missing from the cluster get created).</summary>
    public static IEnumerable<JsonObject> Claims(JsonObject set)
    {
        if (set.AtPath("spec.volumeClaimTemplates") is not JsonArray templates || templates.Count == 0) yield break;
        var name = JsonHelpers.NameOf(set)!;
        var ns = JsonHelpers.NamespaceOf(set);
        var replicas = set.AtPath("spec.replicas").Long() ?? 1;
        var selectorLabels = set.AtPath("spec.selector.matchLabels") as JsonObject;
        var owned = set.AtPath("spec.persistentVolumeClaimRetentionPolicy.whenDeleted").ScalarText() == "Delete";
        for (var ordinal = 0; ordinal < replicas; ordinal++)
        {
            foreach (var template in templates.OfType<JsonObject>())
            {
                var claim = template.CloneObject();
                claim["apiVersion"] = "v1";
                claim["kind"] = "PersistentVolumeClaim";
                var meta = claim.Metadata();
                meta["name"] = ClaimName(template, name, ordinal);
                meta["namespace"] = ns;
                var labels = WorkloadObjects.Child(meta, "labels");
                foreach (var (k, v) in selectorLabels ?? []) labels[k] = v?.DeepClone();
                if (labels.Count == 0) meta.Remove("labels");
                if (owned)
                {
                    meta["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = "apps/v1", ["kind"] = "StatefulSet", ["name"] = name,
                        ["uid"] = set["metadata"].StringProperty("uid"), ["controller"] = true, ["blockOwnerDeletion"] = true,
                    });
                }
                claim.Remove("status");
                yield return claim;
            }
        }
    }

    public static string ClaimName(JsonObject template, string set, int ordinal) => $"{template["metadata"].StringProperty("name")}-{set}-{ordinal}";

    /// <param name="claimBound">Whether a claim (by name, in the set's namespace) is Bound.</param>
    public static JsonObject Status(JsonObject set, Func<string, bool> claimBound, bool blocked)
    {
        var name = JsonHelpers.NameOf(set)!;
        var desired = set.AtPath("spec.replicas").Long() ?? 1;
        var generation = set.AtPath("metadata.generation").Long() ?? 1;
        var previous = set["status"] as JsonObject;
        var wasReady = previous.AtPath("readyReplicas").Long() ?? 0;
        var templates = (set.AtPath("spec.volumeClaimTemplates") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        // OrderedReady: ordinal n starts once 0..n-1 are ready; a pod starts once its claims are bound
        var startable = 0L;
        while (startable < desired && templates.All(t => claimBound(ClaimName(t, name, (int)startable)))) startable++;
        var newSpec = previous.AtPath("observedGeneration").Long() != generation;
        var ready = newSpec || blocked ? Math.Min(wasReady, startable) : startable;
        var revision = $"{name}-{WorkloadObjects.TemplateHash(set.AtPath("spec.template"))}";
        var status = new JsonObject
        {
            ["observedGeneration"] = generation,
            ["replicas"] = desired,
        };
        WorkloadObjects.SetCount(status, "readyReplicas", ready);
        WorkloadObjects.SetCount(status, "currentReplicas", desired);
        WorkloadObjects.SetCount(status, "updatedReplicas", desired);
        WorkloadObjects.SetCount(status, "availableReplicas", ready);
        status["currentRevision"] = revision;
        status["updateRevision"] = revision;
        status["collisionCount"] = 0;
        return status;
    }

    public static bool IsReady(JsonObject set) =>
        set.AtPath("status.observedGeneration").Long() == (set.AtPath("metadata.generation").Long() ?? 1)
        && (set.AtPath("status.readyReplicas").Long() ?? 0) >= (set.AtPath("spec.replicas").Long() ?? 1);
}
