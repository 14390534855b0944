using System.Globalization;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Batch;

/// <summary>Reading Jobs, Pods and owner references the way the batch controllers need.</summary>
internal static class BatchObjects
{
    public const string SimulatorPrefix = "simulator.kubernetes-portal.io/";

    /// <summary>Annotation (Job or pod template): seconds the pod stays Running, by the cluster's clock. Default: one controller step.</summary>
    public const string RunSecondsAnnotation = SimulatorPrefix + "run-seconds";

    /// <summary>Annotation (Job or pod template): the containers exit with this code (non-zero = the pod fails).</summary>
    public const string ExitCodeAnnotation = SimulatorPrefix + "exit-code";

    /// <summary>"Complete", "Failed" or null while the Job runs.</summary>
    public static string? FinishedCondition(JsonObject job) =>
        job.AtPath("status.conditions") is JsonArray conditions
            ? conditions.OfType<JsonObject>()
                .Where(c => c.StringProperty("status") == "True" && c.StringProperty("type") is "Complete" or "Failed")
                .Select(c => c.StringProperty("type")).FirstOrDefault()
            : null;

    public static string Uid(JsonObject obj) => obj["metadata"].StringProperty("uid") ?? "";

    /// <summary>The uid of the controlling owner of the given kind, if any.</summary>
    public static string? OwnerUid(JsonObject obj, string kind) =>
        obj.AtPath("metadata.ownerReferences") is JsonArray refs
            ? refs.OfType<JsonObject>().FirstOrDefault(r => r.StringProperty("kind") == kind)?.StringProperty("uid")
            : null;

    public static JsonObject OwnerReference(JsonObject owner, string apiVersion, string kind) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = JsonHelpers.NameOf(owner),
        ["uid"] = Uid(owner),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    public static JsonObject Condition(string type, DateTimeOffset now, string? reason = null, string? message = null)
    {
        var c = new JsonObject
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastProbeTime"] = JsonHelpers.Timestamp(now),
            ["lastTransitionTime"] = JsonHelpers.Timestamp(now),
        };
        if (reason is not null) c["reason"] = reason;
        if (message is not null) c["message"] = message;
        return c;
    }

    public static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static JsonObject Status(JsonObject o)
    {
        if (o["status"] is JsonObject s) return s;
        s = new JsonObject();
        o["status"] = s;
        return s;
    }

    /// <summary>An annotation of the Job or of its pod template (the pod's own annotations come from the template).</summary>
    public static string? Annotation(JsonObject job, JsonObject? pod, string key) =>
        pod?.AtPath("metadata.annotations")?.StringProperty(key) ?? job.AtPath("metadata.annotations")?.StringProperty(key)
        ?? job.AtPath("spec.template.metadata.annotations")?.StringProperty(key);
}
