using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Workloads;

/// <summary>Reading and writing the built-in objects the workload controllers play with.</summary>
internal static class WorkloadObjects
{
    public const string DefaultStorageClassAnnotation = "storageclass.kubernetes.io/is-default-class";
    public const string DefaultIngressClassAnnotation = "ingressclass.kubernetes.io/is-default-class";

    // the alphabet apimachinery's SafeEncodeString uses for pod-template-hash and revision names
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static JsonObject Child(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject o) return o;
        o = new JsonObject();
        parent[key] = o;
        return o;
    }

    public static JsonObject Annotations(JsonObject obj) => Child(obj.Metadata(), "annotations");

    public static bool IsDeleting(JsonObject obj) => obj.AtPath("metadata.deletionTimestamp") is not null;

    /// <summary>The class annotated as the cluster default (<paramref name="annotation"/> = "true"); the newest wins, as upstream.</summary>
    public static JsonObject? DefaultClass(IEnumerable<JsonObject> classes, string annotation) =>
        classes.Where(c => c.AtPath("metadata.annotations")?.StringProperty(annotation) == "true")
            .OrderByDescending(c => c.AtPath("metadata.creationTimestamp").ScalarText(), StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>A stable short hash of a template, spelled like a pod-template-hash (10 characters).</summary>
    public static string TemplateHash(JsonNode? template)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson.Of(template)));
        return new string(digest.Take(10).Select(b => SafeAlphabet[b % SafeAlphabet.Length]).ToArray());
    }

    /// <summary>Hex digits derived from <paramref name="seed"/>: fake volume handles, commit SHAs and the like.</summary>
    public static string Hex(string seed, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..length];

    /// <summary>
    /// A condition that keeps the previous one's timestamps while nothing about it changed:
    /// <c>lastTransitionTime</c> moves only with <paramref name="status"/>, <c>lastUpdateTime</c> (when
    /// <paramref name="withUpdateTime"/>) also with reason or message — so an unchanged world writes nothing.
    /// </summary>
    public static JsonObject Condition(JsonNode? previousConditions, string type, string status, string reason, string message,
        DateTimeOffset now, bool withUpdateTime)
    {
        var previous = (previousConditions as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.StringProperty("type") == type);
        var stamp = JsonHelpers.Timestamp(now);
        var sameStatus = previous?.StringProperty("status") == status;
        var sameText = sameStatus && previous!.StringProperty("reason") == reason && previous.StringProperty("message") == message;
        var c = new JsonObject { ["type"] = type, ["status"] = status };
        if (withUpdateTime) c["lastUpdateTime"] = sameText ? previous!["lastUpdateTime"]?.DeepClone() ?? stamp : stamp;
        c["lastTransitionTime"] = sameStatus ? previous!["lastTransitionTime"]?.DeepClone() ?? stamp : stamp;
        c["reason"] = reason;
        c["message"] = message;
        return c;
    }

    /// <summary>Adds <paramref name="value"/> under <paramref name="key"/> unless it is zero (Kubernetes omits empty int fields).</summary>
    public static void SetCount(JsonObject status, string key, long value)
    {
        if (value != 0) status[key] = value;
    }

    /// <summary>Names of the PVCs a pod template mounts.</summary>
    public static IEnumerable<string> ClaimsOf(JsonNode? podTemplate) =>
        podTemplate.AtPath("spec.volumes") is JsonArray volumes
            ? volumes.OfType<JsonObject>().Select(v => v.AtPath("persistentVolumeClaim.claimName").ScalarText()).OfType<string>()
            : [];
}
