using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Portal.Moves.Objects;
using Portal.Moves.Transform;

namespace Portal.Moves.Classification;

/// <summary>
/// The application's claims (PersistentVolumeClaims and StatefulSet volumeClaimTemplates) and who uses each: the
/// workload that mounts it, the StatefulSet whose template made it (<c>&lt;template&gt;-&lt;statefulset&gt;-&lt;n&gt;</c>),
/// or the owner (a CloudNativePG Cluster owns its PVCs).
/// </summary>
internal static class ClaimDetection
{
    public static IReadOnlyList<ClaimUse> Find(IReadOnlyList<JsonObject> objects, IReadOnlyList<DetectedDatabase> databases)
    {
        var databaseKeys = databases.Select(d => d.Object).ToHashSet();
        var statefulSets = objects.Where(o => o.StringProperty("kind") == "StatefulSet").ToList();
        // Top-level workloads before what they own, so a claim is attributed to the Deployment, not its Pod.
        var mounters = objects.Where(o => PodSpecs.Of(o).Any())
            .OrderBy(o => o.Metadata().Arr("ownerReferences") is { Count: > 0 } ? 1 : 0)
            .ToList();
        var claims = new List<ClaimUse>();
        foreach (var claim in objects.Where(o => o.StringProperty("kind") == "PersistentVolumeClaim" && o.StringProperty("apiVersion") == "v1"))
        {
            var key = ObjectKey.Of(claim);
            var user = TemplateOwner(key.Name, statefulSets) ?? Mounter(key.Name, mounters) ?? Owner(claim, key.Namespace);
            claims.Add(new ClaimUse(key.Name, StorageClassOf(claim), user, user is not null && databaseKeys.Contains(user), IsTemplate: false));
        }
        foreach (var set in statefulSets)
        {
            var key = ObjectKey.Of(set);
            foreach (var template in PodSpecs.ClaimTemplates(set))
                claims.Add(new ClaimUse(template.Metadata().StringProperty("name") ?? "", StorageClassOf(template), key, databaseKeys.Contains(key), IsTemplate: true));
        }
        return claims;
    }

    public static string? StorageClassOf(JsonObject claim) =>
        claim.Obj("spec").StringProperty("storageClassName") ?? claim.Annotation(StorageClassMapping.LegacyAnnotation);

    /// <summary>True for a PVC the StatefulSet controller made from a volumeClaimTemplate (it is not in Git).</summary>
    public static bool IsFromTemplate(string claimName, IEnumerable<JsonObject> statefulSets) => TemplateOwner(claimName, statefulSets) is not null;

    private static ObjectKey? TemplateOwner(string claimName, IEnumerable<JsonObject> statefulSets)
    {
        foreach (var set in statefulSets)
        {
            var setName = set.Metadata().StringProperty("name");
            foreach (var template in PodSpecs.ClaimTemplates(set))
            {
                var pattern = "^" + Regex.Escape($"{template.Metadata().StringProperty("name")}-{setName}-") + "[0-9]+$";
                if (Regex.IsMatch(claimName, pattern, RegexOptions.None, TimeSpan.FromSeconds(1))) return ObjectKey.Of(set);
            }
        }
        return null;
    }

    private static ObjectKey? Mounter(string claimName, IEnumerable<JsonObject> workloads) =>
        workloads.FirstOrDefault(w => PodSpecs.Of(w).Any(s => s.Arr("volumes").Objects().Any(v => v.Obj("persistentVolumeClaim").StringProperty("claimName") == claimName)))
            is { } found ? ObjectKey.Of(found) : null;

    private static ObjectKey? Owner(JsonObject claim, string? ns) =>
        claim.Metadata().Arr("ownerReferences").Objects().FirstOrDefault() is { } owner
            ? new ObjectKey(owner.StringProperty("apiVersion") ?? "", owner.StringProperty("kind") ?? "", ns, owner.StringProperty("name") ?? "")
            : null;
}
