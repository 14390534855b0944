using System.Globalization;
using System.Text.Json;
using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Common;

namespace Portal.Kubernetes;

/// <summary>Reads Velero objects as the API server returns them (JSON) into the portal's records. Tolerant: a field
/// that is missing or of an unexpected type reads as absent rather than failing the whole call.</summary>
public static class VeleroStatusParser
{
    public static VeleroObjectStatus ParseStatus(JsonElement obj, VeleroObjectKind kind)
    {
        var status = Child(obj, "status");
        var progress = Child(status, "progress");
        return new VeleroObjectStatus(
            Name: Name(obj) ?? "",
            Phase: String(status, "phase"),
            ItemsTotal: Int(progress, "totalItems"),
            ItemsDone: Int(progress, kind == VeleroObjectKind.Backup ? "itemsBackedUp" : "itemsRestored"),
            Warnings: Int(status, "warnings") ?? 0,
            Errors: Int(status, "errors") ?? 0,
            FailureReason: String(status, "failureReason"),
            ValidationErrors: Strings(status, "validationErrors"),
            Labels: Labels(obj));
    }

    public static VeleroBackupInfo ParseBackup(JsonElement obj)
    {
        var metadata = Child(obj, "metadata");
        var spec = Child(obj, "spec");
        var status = Child(obj, "status");
        var labels = Labels(obj);
        return new VeleroBackupInfo(
            Name: Name(obj) ?? "",
            Phase: String(status, "phase"),
            IncludedNamespaces: Strings(spec, "includedNamespaces"),
            StorageLocation: String(spec, "storageLocation"),
            CreatedAt: Time(metadata, "creationTimestamp"),
            CompletedAt: Time(status, "completionTimestamp"),
            Expiration: Time(status, "expiration"),
            ScheduleName: labels.GetValueOrDefault(VeleroApi.ScheduleNameLabel),
            PortalRequestId: labels.GetValueOrDefault(PortalLabels.RequestId));
    }

    /// <summary>The items of a list response (<c>{"items": [...]}</c>).</summary>
    public static IEnumerable<JsonElement> Items(JsonElement list) =>
        Child(list, "items") is { ValueKind: JsonValueKind.Array } items ? items.EnumerateArray() : [];

    public static string? Name(JsonElement obj) => String(Child(obj, "metadata"), "name");

    public static string? Namespace(JsonElement obj) => String(Child(obj, "metadata"), "namespace");

    public static string? ResourceVersion(JsonElement obj) => String(Child(obj, "metadata"), "resourceVersion");

    public static IReadOnlyDictionary<string, string> Labels(JsonElement obj)
    {
        var labels = Child(Child(obj, "metadata"), "labels");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (labels is { ValueKind: JsonValueKind.Object } l)
        {
            foreach (var p in l.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String)
                {
                    result[p.Name] = p.Value.GetString()!;
                }
            }
        }

        return result;
    }

    internal static JsonElement? Child(JsonElement? obj, string name) =>
        obj is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v
            : null;

    internal static string? String(JsonElement? obj, string name) =>
        Child(obj, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    internal static bool? Bool(JsonElement? obj, string name) => Child(obj, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    internal static int? Int(JsonElement? obj, string name) =>
        Child(obj, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var i) ? i : null;

    internal static IReadOnlyList<string> Strings(JsonElement? obj, string name) =>
        Child(obj, name) is { ValueKind: JsonValueKind.Array } a
            ? a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];

    internal static DateTimeOffset? Time(JsonElement? obj, string name) =>
        String(obj, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;
}
