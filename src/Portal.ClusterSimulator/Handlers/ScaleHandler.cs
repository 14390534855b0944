using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Patch;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>
/// The <c>scale</c> subresource of Deployments and StatefulSets (what <c>kubectl scale</c> and
/// <c>ReplaceNamespacedDeploymentScale</c> use): an <c>autoscaling/v1</c> Scale whose <c>spec.replicas</c> is the
/// workload's; PUT and PATCH change only that (a stale resourceVersion is 409 Conflict).
/// </summary>
internal sealed class ScaleHandler(SimulatorContext sim)
{
    public async Task HandleAsync(ResourceRequest req)
    {
        var def = req.Definition;
        var current = sim.Store.Get(def, req.Namespace, req.Name!) ?? throw ApiException.NotFound(def.QualifiedResource, req.Name!);
        switch (req.Http.Request.Method)
        {
            case "GET":
                await HttpJson.WriteAsync(req.Http, 200, Scale(current));
                return;
            case "PUT" or "PATCH":
                var body = await HttpJson.ReadAsync(req.Http);
                var contentType = (req.Http.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
                var desired = req.Http.Request.Method == "PUT" ? body : contentType switch
                {
                    "application/json-patch+json" => JsonPatch.Apply(Scale(current), body),
                    "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(Scale(current), body),
                    "application/merge-patch+json" or "application/apply-patch+yaml" => MergePatch.Apply(Scale(current), body),
                    _ => throw ApiException.UnsupportedMediaType(contentType),
                };
                var replicas = desired.AtPath("spec.replicas").Long();
                if (replicas is null or < 0)
                {
                    throw ApiException.Invalid("Scale.autoscaling", req.Name!, "autoscaling", "Scale",
                        [("spec.replicas", "FieldValueInvalid", $"spec.replicas: Invalid value: {replicas?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}: must be greater than or equal to 0")]);
                }
                var expected = desired?["metadata"].StringProperty("resourceVersion");
                var stored = current["metadata"].StringProperty("resourceVersion");
                if (!string.IsNullOrEmpty(expected) && expected != stored) throw ApiException.Conflict(def.QualifiedResource, req.Name!);
                current["spec"]!["replicas"] = replicas;
                var saved = req.DryRun ? current : sim.Store.Update(def, current, stored);
                await HttpJson.WriteAsync(req.Http, 200, Scale(saved));
                return;
            default:
                throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static JsonObject Scale(JsonObject workload)
    {
        var meta = workload.Metadata();
        var selector = workload.AtPath("spec.selector.matchLabels") is JsonObject labels
            ? string.Join(",", labels.Select(kv => $"{kv.Key}={kv.Value.ScalarText()}"))
            : "";
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta.StringProperty("name"),
                ["namespace"] = meta.StringProperty("namespace"),
                ["uid"] = meta.StringProperty("uid"),
                ["resourceVersion"] = meta.StringProperty("resourceVersion"),
                ["creationTimestamp"] = meta.StringProperty("creationTimestamp"),
            },
            ["spec"] = new JsonObject { ["replicas"] = workload.AtPath("spec.replicas").Long() ?? 1 },
            ["status"] = new JsonObject { ["replicas"] = workload.AtPath("status.replicas").Long() ?? 0, ["selector"] = selector },
        };
    }
}
