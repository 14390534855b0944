using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.GitOps;

/// <summary>The parts of an Argo CD Application's status that record syncs and list resources, shaped as upstream writes them.</summary>
internal static class ArgoStatus
{
    /// <summary>A finished sync: <c>operationState</c> (automated, or the requested operation) and a <c>history</c> entry.</summary>
    public static void RecordSync(JsonObject app, JsonObject status, string revision, JsonObject? manual, DateTimeOffset now)
    {
        var stamp = JsonHelpers.Timestamp(now);
        var source = ArgoApplication.Source(app)?.DeepClone();
        var operation = manual?.DeepClone() as JsonObject ?? new JsonObject
        {
            ["sync"] = new JsonObject { ["revision"] = revision },
            ["initiatedBy"] = new JsonObject { ["automated"] = true },
            ["retry"] = new JsonObject { ["limit"] = 5 },
        };
        status["operationState"] = new JsonObject
        {
            ["operation"] = operation,
            ["phase"] = "Succeeded",
            ["message"] = "successfully synced (all tasks run)",
            ["startedAt"] = stamp,
            ["finishedAt"] = stamp,
            ["syncResult"] = new JsonObject { ["revision"] = revision, ["source"] = source?.DeepClone() },
        };
        var history = status["history"] as JsonArray ?? new JsonArray();
        var id = history.OfType<JsonObject>().Select(h => h["id"].Long() ?? 0).DefaultIfEmpty(-1).Max() + 1;
        history.Add(new JsonObject
        {
            ["id"] = id,
            ["revision"] = revision,
            ["deployStartedAt"] = stamp,
            ["deployedAt"] = stamp,
            ["source"] = source,
            ["initiatedBy"] = operation["initiatedBy"]?.DeepClone(),
        });
        while (history.Count > 10) history.RemoveAt(0); // revisionHistoryLimit
        status["history"] = history;
    }

    /// <summary>One entry of <c>status.resources</c>.</summary>
    public static JsonObject Resource(ManagedObject r, bool drifted)
    {
        var d = r.Definition;
        var entry = new JsonObject { ["group"] = d.Group, ["version"] = d.Version, ["kind"] = d.Kind };
        if (r.Namespace is not null) entry["namespace"] = r.Namespace;
        entry["name"] = r.Name;
        entry["status"] = drifted ? "OutOfSync" : "Synced";
        if (ArgoHealth.Of(r) is { } health)
        {
            var h = new JsonObject { ["status"] = health.Status };
            if (health.Message is not null) h["message"] = health.Message;
            entry["health"] = h;
        }
        return entry;
    }
}
