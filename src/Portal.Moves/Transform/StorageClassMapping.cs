using System.Text.Json.Nodes;
using Portal.Moves.Objects;

namespace Portal.Moves.Transform;

/// <summary>Maps storage classes where claims are made: PersistentVolumeClaims, StatefulSet volumeClaimTemplates
/// and generic ephemeral volumes in pod specs; also the legacy <c>volume.beta.kubernetes.io/storage-class</c>
/// annotation.</summary>
internal static class StorageClassMapping
{
    public const string LegacyAnnotation = "volume.beta.kubernetes.io/storage-class";

    public static void Apply(JsonObject obj, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0) return;
        if (obj.StringProperty("kind") == "PersistentVolumeClaim" && obj.StringProperty("apiVersion") == "v1") MapClaim(obj, map);
        foreach (var template in PodSpecs.ClaimTemplates(obj)) MapClaim(template, map);
        foreach (var spec in PodSpecs.Of(obj))
        {
            foreach (var volume in spec.Arr("volumes").Objects())
            {
                if (volume.Obj("ephemeral").Obj("volumeClaimTemplate") is { } template) MapClaim(template, map);
            }
        }
    }

    private static void MapClaim(JsonObject claim, IReadOnlyDictionary<string, string> map)
    {
        if (claim.Obj("spec") is { } spec && spec.StringProperty("storageClassName") is { } name && map.TryGetValue(name, out var to))
            spec["storageClassName"] = to;
        if (claim.Metadata().Obj("annotations") is { } annotations && annotations.StringProperty(LegacyAnnotation) is { } legacy && map.TryGetValue(legacy, out var mapped))
            annotations[LegacyAnnotation] = mapped;
    }
}
