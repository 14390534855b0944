using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Store;

/// <summary>Server-owned metadata rules: what a create stamps and what an update must carry over.</summary>
internal static class ObjectMetadata
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789"; // the alphabet apimachinery's rand.String uses

    public static void StampNew(JsonObject obj, DateTimeOffset now, bool keepCreationTimestamp = false)
    {
        var meta = obj.Metadata();
        meta["uid"] = Guid.NewGuid().ToString();
        if (!keepCreationTimestamp || meta["creationTimestamp"] is null) meta["creationTimestamp"] = JsonHelpers.Timestamp(now);
        if (meta["generation"] is null) meta["generation"] = 1;
        meta.Remove("deletionTimestamp");
    }

    public static string GenerateName(string prefix) =>
        prefix + new string(Enumerable.Range(0, 5).Select(_ => NameAlphabet[Random.Shared.Next(NameAlphabet.Length)]).ToArray());

    /// <summary>Keeps the identity fields of the stored object and moves generation when anything but metadata/status changed.</summary>
    public static void CarryOver(JsonObject stored, JsonObject updated)
    {
        var oldMeta = stored.Metadata();
        var newMeta = updated.Metadata();
        foreach (var field in new[] { "uid", "creationTimestamp", "namespace", "name" })
        {
            if (oldMeta[field] is { } v) newMeta[field] = v.DeepClone();
            else newMeta.Remove(field);
        }
        // once set, a deletionTimestamp cannot be cleared by a client
        if (oldMeta["deletionTimestamp"] is { } deletion) newMeta["deletionTimestamp"] = deletion.DeepClone();
        var generation = oldMeta["generation"].Long() ?? 1;
        newMeta["generation"] = SpecContent(stored) == SpecContent(updated) ? generation : generation + 1;
    }

    /// <summary>True when the update changes nothing a client could observe (so no new resourceVersion, as on a real server).</summary>
    public static bool SameContent(JsonObject a, JsonObject b) => Comparable(a) == Comparable(b);

    public static bool HasFinalizers(JsonObject obj) => obj["metadata"]?["finalizers"] is JsonArray { Count: > 0 };

    public static bool LastFinalizerRemoved(JsonObject before, JsonObject after) =>
        after["metadata"]?["deletionTimestamp"] is not null && HasFinalizers(before) && !HasFinalizers(after);

    private static string SpecContent(JsonObject obj) =>
        CanonicalJson.Of(new JsonObject(obj.Where(p => p.Key is not ("metadata" or "status" or "apiVersion" or "kind"))
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));

    private static string Comparable(JsonObject obj)
    {
        var copy = obj.CloneObject();
        copy.Metadata().Remove("resourceVersion");
        // a change of who owns which field is a change; the time a manager last wrote alone is not
        if (copy["metadata"]?["managedFields"] is JsonArray managed)
        {
            foreach (var entry in managed.OfType<JsonObject>()) entry.Remove("time");
        }
        return CanonicalJson.Of(copy);
    }
}
