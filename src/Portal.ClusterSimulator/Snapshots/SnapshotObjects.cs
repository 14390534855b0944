using System.Globalization;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.Snapshots;

/// <summary>Names, annotations, quantities and events the CSI snapshot controllers share.</summary>
internal static class SnapshotObjects
{
    public const string Group = "snapshot.storage.k8s.io";
    public const string ApiVersion = "snapshot.storage.k8s.io/v1";
    public const string DefaultClassAnnotation = "snapshot.storage.kubernetes.io/is-default-class";
    public const string DefaultGroupClassAnnotation = "groupsnapshot.storage.kubernetes.io/is-default-class";

    /// <summary>The component the snapshot-controller's events come from.</summary>
    public const string Controller = "snapshot-controller";

    /// <summary>On a PersistentVolume made from a snapshot: the snapshot whose data it holds (namespace/name), the
    /// simulator's stand-in for volume data (it models none otherwise).</summary>
    public const string RestoredFromAnnotation = "snapshot.simulator.local/restored-from";

    /// <summary>On a PersistentVolume made from a snapshot: the handle of the snapshot its data came from.</summary>
    public const string RestoredHandleAnnotation = "snapshot.simulator.local/snapshot-handle";

    /// <summary>The content a dynamically provisioned snapshot gets, as the snapshot-controller names it.</summary>
    public static string ContentName(string snapshotUid) => "snapcontent-" + snapshotUid;

    /// <summary>A snapshot handle as an EBS-like driver hands them out, stable per content.</summary>
    public static string Handle(string contentName) => "snap-" + Workloads.WorkloadObjects.Hex(contentName, 17);

    public static long UnixNanos(DateTimeOffset t) => t.ToUnixTimeMilliseconds() * 1_000_000;

    public static DateTimeOffset FromUnixNanos(long nanos) => DateTimeOffset.FromUnixTimeMilliseconds(nanos / 1_000_000);

    /// <summary>Go's %q of a string (what the controllers use to quote errors inside errors).</summary>
    public static string GoQuote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Bytes of a Kubernetes quantity ("5Gi", "500M", "1073741824", "1.5Gi"); null when it does not parse.</summary>
    public static long? Bytes(string? quantity)
    {
        if (string.IsNullOrWhiteSpace(quantity)) return null;
        var q = quantity.Trim();
        var suffixes = new (string Suffix, double Factor)[]
        {
            ("Ki", 1024d), ("Mi", Math.Pow(1024, 2)), ("Gi", Math.Pow(1024, 3)), ("Ti", Math.Pow(1024, 4)), ("Pi", Math.Pow(1024, 5)), ("Ei", Math.Pow(1024, 6)),
            ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
        };
        foreach (var (suffix, factor) in suffixes)
        {
            if (q.EndsWith(suffix, StringComparison.Ordinal) && double.TryParse(q[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                return (long)Math.Ceiling(n * factor);
        }
        return double.TryParse(q, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? (long)Math.Ceiling(plain) : null;
    }

    /// <summary>A byte count as a BinarySI quantity, the way resource.NewQuantity(n, BinarySI) prints it ("5Gi", "1536Mi").</summary>
    public static string Quantity(long bytes)
    {
        var units = new[] { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
        var i = 0;
        var n = bytes;
        while (i < units.Length - 1 && n != 0 && n % 1024 == 0)
        {
            n /= 1024;
            i++;
        }
        return n.ToString(CultureInfo.InvariantCulture) + units[i];
    }

    /// <summary>The class annotated as default (value "true") for <paramref name="driver"/>.</summary>
    public static List<JsonObject> DefaultClasses(IEnumerable<JsonObject> classes, string annotation, string driver) =>
        classes.Where(c => c.AtPath("metadata.annotations")?.StringProperty(annotation) == "true" && c.StringProperty("driver") == driver).ToList();

    /// <summary>The error object of a status: <c>{time, message}</c>.</summary>
    public static JsonObject Error(string message, DateTimeOffset now) => new() { ["message"] = message, ["time"] = JsonHelpers.Timestamp(now) };

    /// <summary>Records an Event on <paramref name="involved"/> once per reason and message (as the recorder's aggregation would show it).</summary>
    public static void Event(SimulatorContext sim, JsonObject involved, string type, string reason, string message, string component)
    {
        if (sim.Definition("v1", "Event") is not { } events) return;
        var ns = JsonHelpers.NamespaceOf(involved) ?? "default";
        var uid = involved["metadata"].StringProperty("uid") ?? "";
        var name = $"{JsonHelpers.NameOf(involved)}.{Workloads.WorkloadObjects.Hex(uid + reason + message, 16)}";
        if (sim.Store.Get(events, ns, name) is not null) return;
        var now = JsonHelpers.Timestamp(sim.Store.Time.GetUtcNow());
        try
        {
            sim.Store.Create(events, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["involvedObject"] = new JsonObject
                {
                    ["apiVersion"] = involved.StringProperty("apiVersion"), ["kind"] = involved.StringProperty("kind"), ["name"] = JsonHelpers.NameOf(involved),
                    ["namespace"] = JsonHelpers.NamespaceOf(involved), ["uid"] = uid,
                },
                ["reason"] = reason,
                ["message"] = message,
                ["type"] = type,
                ["source"] = new JsonObject { ["component"] = component },
                ["reportingComponent"] = component,
                ["firstTimestamp"] = now,
                ["lastTimestamp"] = now,
                ["count"] = 1,
            });
        }
        catch (ApiException)
        {
            // the namespace is going away
        }
    }

    /// <summary>An error the controller found before any content exists, on a (group) snapshot: written once per message (time of the
    /// first), with a Warning event.</summary>
    public static void Fail(SimulatorContext sim, ResourceDefinition def, JsonObject snapshot, string reason, string message, DateTimeOffset now)
    {
        if (snapshot.AtPath("status.error.message").ScalarText() == message) return;
        sim.Store.Mutate(def, JsonHelpers.NamespaceOf(snapshot), JsonHelpers.NameOf(snapshot)!, o =>
        {
            var status = Workloads.WorkloadObjects.Child(o, "status");
            status["readyToUse"] = false;
            status["error"] = Error(message, now);
            return true;
        });
        Event(sim, snapshot, "Warning", reason, message, Controller);
    }

    /// <summary>Writes <paramref name="status"/> as the object's whole status, unless it is that already; whether it wrote.</summary>
    public static bool WriteStatus(SimulatorContext sim, ResourceDefinition def, JsonObject obj, JsonObject status)
    {
        if (JsonNode.DeepEquals(obj["status"], status)) return false;
        sim.Store.Mutate(def, JsonHelpers.NamespaceOf(obj), JsonHelpers.NameOf(obj)!, o =>
        {
            o["status"] = status;
            return true;
        });
        return true;
    }

    /// <summary>Deletes an object if it is still there.</summary>
    public static void DeleteQuietly(SimulatorContext sim, ResourceDefinition def, string? ns, string name)
    {
        try
        {
            sim.Store.Delete(def, ns, name);
        }
        catch (ApiException)
        {
            // already gone
        }
    }
}
